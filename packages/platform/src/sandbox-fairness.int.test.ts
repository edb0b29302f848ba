/**
 * Finding 3 of the security probe in real runs (the run job on Postgres and Redis, the engine's
 * default sandbox pool): workspace A's six endless code loops must not hold up workspace B's runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { closeSandbox, warmSandbox } from '@konnect/engine';
import { MAX_CODE_TIMEOUT_MS, type KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { processRun } from './run';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

const registry = createRegistry([catchHookConnector]);
let t: TestPlatform;

const hookDraft = (source: string, timeoutMs?: number): KonnectorDefinitionInput => ({
  trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
  steps: [{ type: 'code', id: 'code', source, ...(timeoutMs ? { timeoutMs } : {}) }],
});

/** A Catch Hook konnector in a new workspace, and a way to start one run of it (hook call, then the run job). */
async function workspaceWith(draft: KonnectorDefinitionInput) {
  const workspaceId = await createWorkspace(t.db);
  const konnectorId = await createKonnector(t.db, workspaceId, draft);
  const { hookToken } = await activate(t.p, workspaceId, konnectorId);
  if (!hookToken) throw new Error('no hook token');
  return {
    workspaceId,
    async run(): Promise<string> {
      const { runId } = await ingestHook(t.p, hookToken, { body: { a: 1, b: 2 }, headers: {}, query: {} });
      if (!runId) throw new Error('no run');
      await processRun(t.p, { workspaceId, runId, deferrals: 0 });
      return runId;
    },
  };
}

beforeAll(async () => {
  t = await testPlatform('sandbox-fairness', registry);
  // As the worker does at start-up (apps/worker/src/main.ts).
  await warmSandbox();
});
afterAll(async () => {
  await closeSandbox();
  await t.close();
});

describe('code sandbox fairness in runs', () => {
  it("finding 3: while workspace A's runs loop forever, workspace B's runs go through at once", async () => {
    const a = await workspaceWith(hookDraft('for (;;) {}', MAX_CODE_TIMEOUT_MS));
    const b = await workspaceWith(hookDraft('return { sum: input.trigger.a + input.trigger.b };'));
    const settled: number[] = [];
    const loops = [0, 1, 2, 3, 4, 5].map((n) => a.run().finally(() => settled.push(n)));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const stepMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const runId = await b.run();
      const run = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
      expect(run.status).toBe('succeeded');
      const [step] = run.steps;
      expect(step?.output).toEqual({ sum: 3 });
      // The recorded duration includes the step's wait for a sandbox thread.
      stepMs.push(step?.durationMs ?? Number.NaN);
    }
    console.log(`[finding 3] B's code step in real runs while A's 6 runs loop: ${stepMs.join(', ')} ms`);
    expect(settled).toEqual([]);
    // The outcome class on a shared, busy machine: no step of B waited for a loop (each holds its
    // thread 10 s); most are far under the 250 ms. The strict p99 bound is asserted on the
    // lighter engine path (packages/engine/src/sandbox-fairness.test.ts).
    stepMs.sort((x, y) => x - y);
    expect(stepMs[Math.floor(stepMs.length / 2)]).toBeLessThanOrEqual(300);
    expect(Math.max(...stepMs)).toBeLessThan(2000);

    await closeSandbox();
    const ended = await Promise.all(loops);
    const statuses = await t.db.run.findMany({ where: { id: { in: ended } }, select: { status: true } });
    expect(statuses.map((r) => r.status)).toEqual(Array(6).fill('failed'));
  }, 60_000);
});
