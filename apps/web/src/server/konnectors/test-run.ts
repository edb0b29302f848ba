/**
 * "Test": runs a draft once on a sample event through the engine, with the workspace's real
 * connections, and returns every step's input (after mapping) and output. Nothing is stored:
 * no run, no step records, no cursor change. The draft is the saved one, or the unsaved edits
 * sent with the request. The sample event is the body's `sample`, else the first record of the
 * konnector's stored sample (when it is for the same trigger), else the first record the
 * trigger's app returns right now. Test runs are rate limited per workspace (TEST_RUN_RATE), and
 * their code steps use the workspace's share of the sandbox threads, as in real runs.
 */
import { registry } from '@konnect/connectors';
import { testRun } from '@konnect/engine';
import { konnectMailService, storeService, redisKey, resolverFor, runSecrets, takeTokenOrLocal, type BucketSpec } from '@konnect/platform';
import { KonnectorDefinition, type StepError } from '@konnect/schemas';
import type { TestDraftBody, TestRunBody, TriggerSample } from '../../lib/konnector-bodies';
import { findTrigger, liveRecords, sampleError } from '../builder/trigger-sample';
import { AppError, notFound, tooMany } from '../errors';
import { platform, queues, redis } from '../services';
import type { WorkspaceScope } from '../workspace-scope';
import { stepTree, type StepNode, type StepView } from '../runs/tree';
import { storedSample } from './dto';
import { draftProblems } from './problems';
import { testCalls } from './test-calls';

export interface TestRunDto {
  status: 'succeeded' | 'filtered' | 'failed' | 'partial' | 'deferred' | 'waiting';
  summary: string;
  error: StepError | null;
  /** The trigger event the test ran on. */
  sample: Record<string, unknown>;
  steps: StepView[];
  tree: StepNode[];
}

type SampleRecord = Record<string, unknown>;

/**
 * Test runs per workspace: one every 2 s on average, bursts of 10. A test run runs code steps
 * (and calls apps) like a real run, so without a limit it bypassed the code-run limit.
 */
export const TEST_RUN_RATE: BucketSpec = { perSecond: 0.5, burst: 10 };

async function takeTestRun(workspaceId: string): Promise<void> {
  const token = await takeTokenOrLocal(redis(), platform().deps, redisKey(queues(), 'rate', 'test', workspaceId), TEST_RUN_RATE);
  if (!token.allowed) throw tooMany('test runs', token.waitMs);
}

/** The stored sample's newest record, if the sample was taken from this same trigger. */
function storedRecord(stored: TriggerSample | null, trigger: KonnectorDefinition['trigger']): SampleRecord | undefined {
  if (!stored || stored.connector !== trigger.connector || stored.event !== trigger.event) return undefined;
  return stored.records[0];
}

async function liveRecord(workspaceId: string, trigger: KonnectorDefinition['trigger']): Promise<SampleRecord> {
  const { connector } = findTrigger(trigger.connector, trigger.event);
  let records: SampleRecord[];
  try {
    records = await liveRecords(workspaceId, { connector: trigger.connector, event: trigger.event, connectionId: trigger.connectionId, input: trigger.input });
  } catch (err) {
    throw sampleError(err, `Could not fetch a sample from ${connector.name}`);
  }
  const first = records[0];
  if (!first) throw new AppError('bad_request', `${connector.name} has no recent record for this trigger to test with. Create one there, or send { "sample": { … } }.`, 'sample');
  return first;
}

async function runTest(ws: WorkspaceScope, draft: unknown, given: SampleRecord | undefined, stored: TriggerSample | null): Promise<TestRunDto> {
  const problems = await draftProblems(ws.tenant, draft);
  if (problems.length > 0) throw new AppError('invalid_definition', 'Fix the konnector\'s problems before testing it', undefined, problems);
  const definition = KonnectorDefinition.parse(draft);
  const sample = given ?? storedRecord(stored, definition.trigger) ?? (await liveRecord(ws.workspaceId, definition.trigger));
  const p = platform();
  // Steps, as in a run: the clients send each request once and the engine owns the retries.
  const connections = resolverFor(p, 'steps', ws.workspaceId);
  // As in real runs, connection secrets and secret-marked inputs never come back in step records.
  const secrets = await runSecrets(registry, definition, connections);
  // A test run sends for real (like its HTTP calls): Konnect mail takes from the workspace's daily quota.
  // A test run writes to the workspace's real store, as a live run would (the builder says so before a test).
  const services = { mail: konnectMailService(p, ws.workspaceId), store: storeService(p, ws.workspaceId) };
  // The workspace's share of the code sandbox, as in its real runs.
  const overrides = { ...p.engine, services, sandboxOwner: ws.workspaceId, redactOutput: secrets.redactOutput };
  // "Run konnector" steps run the called konnector as a test run too (nothing stored).
  const calls = testCalls(ws, connections, { ...p.engine, services, sandboxOwner: ws.workspaceId });
  const result = await testRun({ definition, sampleEvent: { key: 'test', data: sample }, registry, connections: secrets.connections, overrides: { ...overrides, calls } });
  for (const record of result.steps) secrets.learn(record);
  const { steps, tree } = stepTree(definition, result.steps.map((record) => secrets.scrub.value(record)));
  return { status: result.status, summary: secrets.scrub.text(result.summary), error: secrets.scrub.value(result.error ?? null), sample, steps, tree };
}

/** POST …/konnectors/:id/test: the saved draft, or the edits sent as `draft`. */
export async function testKonnector(ws: WorkspaceScope, id: string, body: TestRunBody): Promise<TestRunDto> {
  await takeTestRun(ws.workspaceId);
  const row = await ws.tenant.konnector.findFirst({ where: { id }, select: { draft: true, sample: true } });
  if (!row) throw notFound('Konnector');
  return runTest(ws, body.draft ?? row.draft, body.sample, storedSample(row.sample));
}

/** POST …/konnectors/test: a konnector that was never saved. */
export async function testDraft(ws: WorkspaceScope, body: TestDraftBody): Promise<TestRunDto> {
  await takeTestRun(ws.workspaceId);
  return runTest(ws, body.draft, body.sample, null);
}
