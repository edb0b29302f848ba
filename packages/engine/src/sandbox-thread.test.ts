import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSandbox, configureSandbox, runCode, sandboxFallbackReason, warmSandbox, type SandboxError } from './sandbox';

const TIME_LIMIT_MS = 1000;
/** Generous safety limit, not a benchmark: the hard deadline is the limit + 300 ms. */
const STOPPED_WITHIN_MS = TIME_LIMIT_MS + 1500;
const TIMEOUT: SandboxError = { kind: 'timeout', message: `Code ran longer than its time limit of ${TIME_LIMIT_MS} ms` };

/**
 * Scripts that keep QuickJS busy inside native built-ins, where its interrupt handler is
 * not consulted. The ones expecting TIMEOUT ran 4 s to 10+ minutes in-process before the
 * worker-thread pool; the others fail fast on a QuickJS limit of their own.
 */
const HOSTILE: Array<[name: string, source: string, expected: SandboxError | SandboxError['kind']]> = [
  ['a string doubled forever', "let s = 'y';\nwhile (true) s = s + s;", 'runtime'],
  ["'y'.repeat(2 ** 28) in a loop", "const keep = [];\nwhile (true) keep.push('y'.repeat(2 ** 28));", 'memory'],
  ["'y'.repeat(1e6) in a loop up to the memory limit", "const keep = [];\nwhile (true) keep.push('y'.repeat(1e6));", TIMEOUT],
  ['new Array(1e9).fill(0)', 'new Array(1e9).fill(0);\nreturn {};', 'memory'],
  [
    'JSON.stringify of a huge self-built structure',
    "const rows = [];\nfor (let i = 0; i < 1e5; i++) rows.push({ id: i, name: 'n' + i, tags: ['a', 'b'] });\nconst big = [];\nfor (let i = 0; i < 3000; i++) big.push(rows);\nreturn { n: JSON.stringify(big).length };",
    TIMEOUT,
  ],
  ['a catastrophic regex', "return { r: /(a+)+$/.test('a'.repeat(40) + 'b') };", TIMEOUT],
  ['indexOf over a sparse array of length 2 ** 32 - 1', 'const a = [];\na.length = 2 ** 32 - 1;\nreturn { i: a.indexOf(1) };', TIMEOUT],
];

const normalStep = () => runCode({ source: 'return { sum: input.a + input.b };', input: { a: 1, b: 2 } });

beforeAll(async () => {
  await configureSandbox({ threads: 2 });
  await warmSandbox();
});
afterAll(closeSandbox);

describe('code sandbox threads', () => {
  it('runs code steps on worker threads', () => {
    expect(sandboxFallbackReason()).toBeNull();
  });

  it.each(HOSTILE)('stops %s within the time limit + 1.5 s, then runs a normal step', async (_name, source, expected) => {
    const started = Date.now();
    const result = await runCode({ source, input: {}, timeoutMs: TIME_LIMIT_MS });
    expect(Date.now() - started).toBeLessThan(STOPPED_WITHIN_MS);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      if (typeof expected === 'string') expect(result.error.kind).toBe(expected);
      else expect(result.error).toEqual(expected);
    }
    expect(await normalStep()).toEqual({ ok: true, output: { sum: 3 }, logs: [] });
  }, 15_000);

  it('keeps the host event loop responsive while a step is stuck in a native built-in', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    try {
      const result = await runCode({ source: 'const a = [];\na.length = 2 ** 32 - 1;\nreturn { i: a.lastIndexOf(1) };', input: {}, timeoutMs: 500 });
      expect(result).toEqual({ ok: false, logs: [], error: { kind: 'timeout', message: 'Code ran longer than its time limit of 500 ms' } });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(15);
  }, 10_000);

  it('completes concurrent executions, and a normal step while another is stuck', async () => {
    const [a, b] = await Promise.all([
      runCode({ source: 'return { n: input.n * 2 };', input: { n: 1 } }),
      runCode({ source: 'console.log("second");\nreturn { n: input.n * 2 };', input: { n: 2 } }),
    ]);
    expect(a).toEqual({ ok: true, output: { n: 2 }, logs: [] });
    expect(b).toEqual({ ok: true, output: { n: 4 }, logs: ['[console.log] second'] });

    const started = Date.now();
    let normalDoneAt = 0;
    const [stuck, normal] = await Promise.all([
      runCode({ source: 'const a = [];\na.length = 2 ** 32 - 1;\nreturn { i: a.indexOf(1) };', input: {}, timeoutMs: TIME_LIMIT_MS }),
      normalStep().then((result) => ((normalDoneAt = Date.now()), result)),
    ]);
    expect(stuck.ok ? null : stuck.error).toEqual(TIMEOUT);
    expect(normal.ok).toBe(true);
    expect(normalDoneAt - started).toBeLessThan(TIME_LIMIT_MS);
  }, 10_000);

  it('refuses bad options with an error naming the field', async () => {
    await expect(configureSandbox({ threads: 0 })).rejects.toThrow(/^Invalid code sandbox options: threads: /);
    await expect(configureSandbox({ resourceLimits: { maxOldGenerationSizeMb: 'big' as unknown as number } })).rejects.toThrow(/resourceLimits\.maxOldGenerationSizeMb/);
    await expect(configureSandbox({ thread: 2 } as unknown as { threads: number })).rejects.toThrow(/thread/);
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
