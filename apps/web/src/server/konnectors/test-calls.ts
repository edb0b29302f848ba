/**
 * "Run konnector" steps in a test run: the called konnector runs at once as a test run too
 * (its published version when it is on, else its draft, so a pair can be tested before either is
 * turned on), with the same checks as a live call (this workspace, "Called by another konnector",
 * declared inputs, depth). Its steps really run, as every test run's do; nothing is stored. A
 * wait-mode step's output is the called konnector's Return output.
 */
import { registry } from '@konnect/connectors';
import { testRun, type CallOutcome, type CallService, type CallStart, type ExecuteOptions } from '@konnect/engine';
import { runSecrets } from '@konnect/platform';
import { checkCallInput, declaredInputs, DraftDefinition, KonnectorDefinition, MAX_CALL_DEPTH } from '@konnect/schemas';
import type { WorkspaceScope } from '../workspace-scope';

type Overrides = Pick<ExecuteOptions, 'services' | 'sandboxOwner' | 'codeLimits' | 'retryBudgets'>;

const refused = (message: string): CallStart => ({ ok: false, error: { kind: 'config', message } });

/** The call service of a test run `depth` calls below the konnector being tested; `connections` is the workspace's plain resolver. */
export function testCalls(ws: WorkspaceScope, connections: Parameters<typeof runSecrets>[2], overrides: Overrides, depth = 0): CallService {
  const outcomes = new Map<string, CallOutcome>();
  return {
    async start(request) {
      const row = await ws.tenant.konnector.findFirst({
        where: { id: request.konnectorId },
        select: { name: true, status: true, draft: true, publishedVersion: { select: { definition: true } } },
      });
      if (!row) return refused(`The konnector to run (${request.konnectorId}) does not exist in this workspace`);
      const raw = row.status === 'active' && row.publishedVersion ? row.publishedVersion.definition : row.draft;
      const parsed = DraftDefinition.safeParse(raw);
      const params = parsed.success ? declaredInputs(parsed.data.trigger) : null;
      if (!parsed.success || !params) return refused(`Konnector "${row.name}" does not start with "Called by another konnector"`);
      const definition = KonnectorDefinition.safeParse(parsed.data);
      if (!definition.success) return refused(`Konnector "${row.name}" is not complete yet: fix its problems to test it from here`);
      if (depth >= MAX_CALL_DEPTH) return refused(`Konnectors can call each other at most ${MAX_CALL_DEPTH} levels deep: this test is already ${depth} calls deep, so it cannot run "${row.name}"`);
      const checked = checkCallInput(params, request.input, row.name);
      if (!checked.ok) return refused(checked.message);
      const runId = `test-call-${depth + 1}-${request.stepId}-${outcomes.size + 1}`;
      // The called konnector's own connection secrets never come back in its output.
      const secrets = await runSecrets(registry, definition.data, connections);
      const result = await testRun({
        definition: definition.data,
        sampleEvent: { key: runId, data: checked.data },
        registry,
        connections: secrets.connections,
        overrides: { ...overrides, redactOutput: secrets.redactOutput, calls: testCalls(ws, connections, overrides, depth + 1) },
      });
      for (const record of result.steps) secrets.learn(record);
      if (result.status === 'failed') {
        const error = result.error;
        const message = `Konnector "${row.name}" failed in its test run${error?.stepId ? ` at "${error.stepId}"` : ''}: ${error?.message ?? result.summary}`;
        outcomes.set(runId, { state: 'failed', error: { kind: error?.kind ?? 'engine', message: secrets.scrub.text(message) } });
      } else if (result.status === 'deferred') {
        outcomes.set(runId, { state: 'failed', error: { kind: 'engine', message: `Konnector "${row.name}" could not finish in a test run: ${result.summary}` } });
      } else {
        outcomes.set(runId, { state: 'succeeded', output: secrets.scrub.value(result.output ?? {}) });
      }
      return { ok: true, runId, konnectorName: row.name, created: true };
    },
    async outcome(runId) {
      return outcomes.get(runId) ?? { state: 'failed', error: { kind: 'engine', message: `Test run ${runId} is unknown` } };
    },
  };
}
