import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSandbox, configureSandbox, runCode, sandboxFallbackReason, warmSandbox, type SandboxError } from './sandbox';

const TIME_LIMIT_MS = 1000;
/**
 * Generous safety bound, not a benchmark: the hard deadline is the limit + 300 ms, and these
 * scripts run for minutes (or forever) when nothing stops them. On a busy machine the pool's
 * own timer and the thread's termination can be late by a second or more.
 */
const STOPPED_WITHIN_MS = TIME_LIMIT_MS + 5000;
const TIMEOUT: SandboxError = { kind: 'timeout', message: `Code ran longer than its time limit of ${TIME_LIMIT_MS} ms` };
const MEMORY: SandboxError = { kind: 'memory', message: 'Code used more than its memory limit of 64 MB' };

/**
 * Scripts that keep QuickJS busy inside native built-ins, where its interrupt handler is
 * not consulted; they ran 4 s to 10+ minutes in-process before the worker-thread pool. Each
 * lists every outcome a machine of any speed may correctly produce: a memory bomb ends at the
 * memory limit or, on a slow or busy machine, at the time limit first (new Array(1e9).fill(0)
 * took 0.6 to 1.5 s to reach 64 MB on a busy 2-core machine; 'y'.repeat(1e6) in a loop and the
 * JSON.stringify one reach it only after 15 to 60 s, so today they end at the time limit).
 */
const HOSTILE: Array<[name: string, source: string, outcomes: SandboxError['kind'][]]> = [
  // Ends on QuickJS's string length limit (ropes make the doubling cheap in memory).
  ['a string doubled forever', "let s = 'y';\nwhile (true) s = s + s;", ['runtime', 'timeout']],
  ["'y'.repeat(2 ** 28) in a loop", "const keep = [];\nwhile (true) keep.push('y'.repeat(2 ** 28));", ['memory', 'timeout']],
  ["'y'.repeat(1e6) in a loop up to the memory limit", "const keep = [];\nwhile (true) keep.push('y'.repeat(1e6));", ['timeout', 'memory']],
  ['new Array(1e9).fill(0)', 'new Array(1e9).fill(0);\nreturn {};', ['memory', 'timeout']],
  [
    'JSON.stringify of a huge self-built structure',
    "const rows = [];\nfor (let i = 0; i < 1e5; i++) rows.push({ id: i, name: 'n' + i, tags: ['a', 'b'] });\nconst big = [];\nfor (let i = 0; i < 3000; i++) big.push(rows);\nreturn { n: JSON.stringify(big).length };",
    ['timeout', 'memory'],
  ],
  // 2 ** 40 steps and 2 ** 32 lookups: no machine finishes these within the limit.
  ['a catastrophic regex', "return { r: /(a+)+$/.test('a'.repeat(40) + 'b') };", ['timeout']],
  ['indexOf over a sparse array of length 2 ** 32 - 1', 'const a = [];\na.length = 2 ** 32 - 1;\nreturn { i: a.indexOf(1) };', ['timeout']],
];

/** Far beyond what a normal step needs, so a busy machine cannot make it time out. */
const RELAXED_MS = 10_000;
const normalStep = () => runCode({ source: 'return { sum: input.a + input.b };', input: { a: 1, b: 2 }, timeoutMs: RELAXED_MS });

beforeAll(async () => {
  await configureSandbox({ threads: 2 });
  await warmSandbox();
});
afterAll(closeSandbox);

describe('code sandbox threads', () => {
  it('runs code steps on worker threads', () => {
    expect(sandboxFallbackReason()).toBeNull();
  });

  it.each(HOSTILE)('stops %s (well within the time limit + 5 s), then runs a normal step', async (_name, source, outcomes) => {
    const started = Date.now();
    const result = await runCode({ source, input: {}, timeoutMs: TIME_LIMIT_MS });
    expect(Date.now() - started).toBeLessThan(STOPPED_WITHIN_MS);
    if (result.ok) throw new Error(`expected the script to be stopped, it returned ${JSON.stringify(result.output)}`);
    expect(outcomes).toContain(result.error.kind);
    if (result.error.kind === 'timeout') expect(result.error).toEqual(TIMEOUT);
    if (result.error.kind === 'memory') expect(result.error).toEqual(MEMORY);
    expect(await normalStep()).toEqual({ ok: true, output: { sum: 3 }, logs: [] });
  }, 20_000);

  it('keeps the host event loop responsive while a step is stuck in a native built-in', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    try {
      const result = await runCode({ source: 'const a = [];\na.length = 2 ** 32 - 1;\nreturn { i: a.lastIndexOf(1) };', input: {}, timeoutMs: 500 });
      expect(result).toEqual({ ok: false, logs: [], error: { kind: 'timeout', message: 'Code ran longer than its time limit of 500 ms' } });
    } finally {
      clearInterval(timer);
    }
    // About 40 ticks on an idle machine; a step run in-process would block the loop throughout (0 or 1).
    expect(ticks).toBeGreaterThanOrEqual(5);
  }, 10_000);

  it('completes concurrent executions, and a normal step while another is stuck', async () => {
    const [a, b] = await Promise.all([
      runCode({ source: 'return { n: input.n * 2 };', input: { n: 1 }, timeoutMs: RELAXED_MS }),
      runCode({ source: 'console.log("second");\nreturn { n: input.n * 2 };', input: { n: 2 }, timeoutMs: RELAXED_MS }),
    ]);
    expect(a).toEqual({ ok: true, output: { n: 2 }, logs: [] });
    expect(b).toEqual({ ok: true, output: { n: 4 }, logs: ['[console.log] second'] });

    // The normal step (another workspace's) is answered by the other thread while the stuck one
    // still runs: it settles first (an order, not a duration: it has the stuck step's whole time
    // limit). One workspace never holds the last idle thread (sandbox-pool.test.ts).
    const settled: string[] = [];
    const [stuck, normal] = await Promise.all([
      runCode({ source: 'const a = [];\na.length = 2 ** 32 - 1;\nreturn { i: a.indexOf(1) };', input: {}, timeoutMs: TIME_LIMIT_MS, owner: 'ws-a' }).finally(() => settled.push('stuck')),
      runCode({ source: 'return { sum: input.a + input.b };', input: { a: 1, b: 2 }, timeoutMs: RELAXED_MS, owner: 'ws-b' }).finally(() => settled.push('normal')),
    ]);
    expect(stuck.ok ? null : stuck.error).toEqual(TIMEOUT);
    expect(normal.ok).toBe(true);
    expect(settled).toEqual(['normal', 'stuck']);
  }, 15_000);

  it('refuses bad options with an error naming the field', async () => {
    await expect(configureSandbox({ threads: 0 })).rejects.toThrow(/^Invalid code sandbox options: threads: /);
    await expect(configureSandbox({ resourceLimits: { maxOldGenerationSizeMb: 'big' as unknown as number } })).rejects.toThrow(/resourceLimits\.maxOldGenerationSizeMb/);
    await expect(configureSandbox({ thread: 2 } as unknown as { threads: number })).rejects.toThrow(/thread/);
    await expect(configureSandbox({ threads: 4, maxThreads: 2 })).rejects.toThrow(/^Invalid code sandbox options: maxThreads: must be at least threads \(4\)/);
    await expect(configureSandbox({ threads: 2, queueTimeoutMs: 5 })).rejects.toThrow(/queueTimeoutMs/);
    expect(await runCode({ source: 'return {};', input: {}, owner: 7 as unknown as string })).toEqual({ ok: false, logs: [], error: { kind: 'input', message: 'owner must be a string' } });
    expect(await runCode({ source: 42 as unknown as string, input: {} })).toEqual({ ok: false, logs: [], error: { kind: 'input', message: 'source must be a string' } });
    expect(await runCode({ source: 'return {};', input: {}, timeoutMs: Number.NaN })).toMatchObject({ ok: false, error: { kind: 'input', message: 'timeoutMs must be a number' } });
    expect(await runCode({ source: 'return {};', input: {}, memoryLimitBytes: 10 })).toMatchObject({ ok: false, error: { kind: 'input', message: 'memoryLimitBytes must be at least 1048576' } });
    const tooBig = await runCode({ source: 'return {};', input: { s: 'x'.repeat(3 * 1048576) }, memoryLimitBytes: 2 * 1048576 });
    expect(tooBig).toMatchObject({ ok: false, error: { kind: 'input', message: "The step input (3 MB of JSON) is larger than the code step's memory limit of 2 MB" } });
    expect(await normalStep()).toMatchObject({ ok: true });
  });

  it('starts a fresh pool after closeSandbox()', async () => {
    await closeSandbox();
    expect(await normalStep()).toEqual({ ok: true, output: { sum: 3 }, logs: [] });
  });
});
