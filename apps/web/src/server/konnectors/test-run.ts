/**
 * "Test": runs the draft once on a sample event through the engine, with the workspace's real
 * connections, and returns every step's input (after mapping) and output. Nothing is stored:
 * no run, no step records, no cursor change. The sample is the body's `sample`, else the first
 * record the trigger's `sample()` returns.
 */
import { registry } from '@konnect/connectors';
import { testRun } from '@konnect/engine';
import { resolverFor, type ConnectionResolver } from '@konnect/platform';
import { KonnectorDefinition, type StepError } from '@konnect/schemas';
import { runSample } from '@konnect/sdk';
import type { TestRunBody } from '../../lib/konnector-bodies';
import { AppError, notFound } from '../errors';
import { platform } from '../services';
import type { WorkspaceScope } from '../workspace-scope';
import { stepTree, type StepNode, type StepView } from '../runs/tree';
import { draftProblems } from './problems';

export interface TestRunDto {
  status: 'succeeded' | 'filtered' | 'failed' | 'partial' | 'deferred';
  summary: string;
  error: StepError | null;
  /** The trigger event the test ran on. */
  sample: Record<string, unknown>;
  steps: StepView[];
  tree: StepNode[];
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function firstSample(definition: KonnectorDefinition, connections: ConnectionResolver): Promise<Record<string, unknown>> {
  const { connector: key, event, connectionId, input } = definition.trigger;
  const connector = registry.connector(key);
  if (!connector) throw new AppError('bad_request', `The trigger's app "${key}" does not exist`);
  let records: Record<string, unknown>[];
  try {
    const connection = await connections(connectionId, key);
    ({ records } = await runSample({ connector, triggerKey: event, auth: connection.auth, http: connection.http, input }));
  } catch (err) {
    throw new AppError('bad_request', `Could not fetch a sample from ${connector.name}: ${reason(err)}. Send { "sample": { … } } to test with your own data.`);
  }
  const first = records[0];
  if (!first) throw new AppError('bad_request', `${connector.name} has no recent record for this trigger to test with. Create one there, or send { "sample": { … } }.`, 'sample');
  return first;
}

export async function testKonnector(ws: WorkspaceScope, id: string, body: TestRunBody): Promise<TestRunDto> {
  const row = await ws.tenant.konnector.findFirst({ where: { id }, select: { draft: true } });
  if (!row) throw notFound('Konnector');
  const problems = await draftProblems(ws.tenant, row.draft);
  if (problems.length > 0) throw new AppError('invalid_definition', 'Fix the konnector\'s problems before testing it', undefined, problems);
  const definition = KonnectorDefinition.parse(row.draft);
  const p = platform();
  const connections = resolverFor(p, ws.workspaceId);
  const sample = body.sample ?? (await firstSample(definition, connections));
  const result = await testRun({ definition, sampleEvent: { key: 'test', data: sample }, registry, connections, overrides: p.engine });
  const { steps, tree } = stepTree(definition, result.steps);
  return { status: result.status, summary: result.summary, error: result.error ?? null, sample, steps, tree };
}
