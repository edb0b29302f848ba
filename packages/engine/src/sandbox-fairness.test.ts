/**
 * Finding 3 of the security probe, on real sandbox threads (QuickJS, the default pool settings):
 * six endless loops of workspace A used to hold both threads and queue behind each other, so
 * workspace B's trivial code step waited for them (29 s measured, baseline 0.02 s). A's loops go
 * through a live execution and a test run, B's steps too: both paths carry the workspace.
 */
import { MAX_CODE_TIMEOUT_MS } from '@konnect/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from './execute';
import { closeSandbox, configureSandbox, warmSandbox } from './sandbox';
import { definition, memoryCheckpoints, testConnector } from './test-fixtures';
import { testRun } from './test-run';
import type { ExecuteResult } from './types';

/** The bound is ~250 ms; the test allows 300 ms (a busy 2-core machine), the note has the figures. */
const P99_LIMIT_MS = 300;
const B_STEPS = 100;

const connector = testConnector();
const loop = definition([{ type: 'code', id: 'spin', source: 'for (;;) {}', timeoutMs: MAX_CODE_TIMEOUT_MS }]);
const trivial = definition([{ type: 'code', id: 'add', source: 'return { sum: input.trigger.a + input.trigger.b };' }]);

function liveRun(def: typeof loop, owner: string, n: number): Promise<ExecuteResult> {
  return execute({
    runId: `${owner}-${n}`,
    definition: def,
    event: { key: `e${n}`, data: { a: 1, b: 2 } },
    registry: connector.registry,
    connections: connector.connections,
    checkpoints: memoryCheckpoints(),
    mode: 'live',
    sandboxOwner: owner,
  });
}

function testRunOf(def: typeof loop, owner: string): Promise<ExecuteResult> {
  return testRun({ definition: def, sampleEvent: { data: { a: 1, b: 2 } }, registry: connector.registry, connections: connector.connections, overrides: { sandboxOwner: owner } });
}

/** B's trivial step, end to end through the engine: ms from call to result. */
async function timedStep(i: number): Promise<number> {
  const started = performance.now();
  const result = i % 2 === 0 ? await liveRun(trivial, 'ws-b', i) : await testRunOf(trivial, 'ws-b');
  const ms = performance.now() - started;
  expect(result.status).toBe('succeeded');
  expect(result.steps[0]?.output).toEqual({ sum: 3 });
  return ms;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function latencies(): Promise<{ p50: number; p99: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < B_STEPS; i++) ms.push(await timedStep(i));
  ms.sort((x, y) => x - y);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms[ms.length - 1] ?? Number.NaN };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

beforeAll(async () => {
  // The defaults a worker and the web app run with.
  await configureSandbox({});
  await warmSandbox();
});
afterAll(closeSandbox);

describe('code sandbox fairness', () => {
  it("finding 3: while workspace A runs 6 endless loops, workspace B's trivial code step p99 stays within 300 ms", async () => {
    const baseline = await latencies();

    // Half through live executions, half through test runs; none of them ends on its own before 10 s.
    const settled: string[] = [];
    const loops = [0, 1, 2, 3, 4, 5].map((n) => (n % 2 === 0 ? liveRun(loop, 'ws-a', n) : testRunOf(loop, 'ws-a')).finally(() => settled.push(`a${n}`)));
    // Let A's loops take what they can.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = performance.now();
    const during = await latencies();
    const elapsed = performance.now() - started;
    console.log(
      `[finding 3] B's trivial code step (${B_STEPS} sequential, through the engine): baseline p50 ${round(baseline.p50)} ms, p99 ${round(baseline.p99)} ms; ` +
        `while A runs 6 endless loops: p50 ${round(during.p50)} ms, p99 ${round(during.p99)} ms, max ${round(during.max)} ms`,
    );
    // B finished while A's loops still ran: none of them had ended (they hold their threads for 10 s).
    expect(settled).toEqual([]);
    expect(elapsed).toBeLessThan(MAX_CODE_TIMEOUT_MS);
    expect(during.p99).toBeLessThanOrEqual(P99_LIMIT_MS);

    await closeSandbox();
    const ended = await Promise.all(loops);
    expect(ended.map((r) => r.status)).toEqual(Array(6).fill('failed'));
  }, 60_000);

  it("a live run whose code step finds its workspace's queue full is deferred; a test run fails saying so", async () => {
    await configureSandbox({ threads: 2, ownerQueue: 1 });
    await warmSandbox();
    // ws-a may hold 1 of the 2 threads (the other is kept idle for others) and queue 1 more.
    const held = [liveRun(loop, 'ws-a', 100), liveRun(loop, 'ws-a', 101)];
    await new Promise((resolve) => setTimeout(resolve, 300));

    const live = await liveRun(trivial, 'ws-a', 102);
    expect(live.status).toBe('deferred');
    expect(live.retryAfterMs).toBe(30_000);
    expect(live.error).toMatchObject({ kind: 'code', stepId: 'add', retryable: true, message: 'Too many code steps waiting in this workspace (1 waiting for the code sandbox); try again shortly' });

    const test = await testRunOf(trivial, 'ws-a');
    expect(test.status).toBe('failed');
    expect(test.error).toMatchObject({ kind: 'code', retryable: false, message: expect.stringMatching(/^Too many code steps waiting in this workspace/) });

    // Another workspace is not affected.
    expect((await liveRun(trivial, 'ws-b', 103)).status).toBe('succeeded');
    await closeSandbox();
    await Promise.all(held);
    await configureSandbox({});
  });
});
