import { afterAll, describe, expect, it } from 'vitest';
import { closeSandbox, MAX_LOG_LINES, runCode, type SandboxResult } from './sandbox';

afterAll(closeSandbox);

/**
 * The time limit of every test that is not about time: far beyond what the code needs, so a
 * busy machine cannot turn an expected result or error into a timeout (the default is 1 s).
 */
const RELAXED_MS = 10_000;

async function ok(source: string, input: unknown = { trigger: {}, steps: {} }): Promise<Record<string, unknown>> {
  const result = await runCode({ source, input, timeoutMs: RELAXED_MS });
  if (!result.ok) throw new Error(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result.output;
}

async function fails(source: string, options: { timeoutMs?: number } = {}): Promise<Extract<SandboxResult, { ok: false }>> {
  const result = await runCode({ source, input: { trigger: {}, steps: {} }, timeoutMs: RELAXED_MS, ...options });
  if (result.ok) throw new Error(`expected failure, got ${JSON.stringify(result.output)}`);
  return result;
}

describe('code sandbox', () => {
  it('runs an async function body with JSON input and returns its object', async () => {
    const out = await ok('const total = input.trigger.items.reduce((s, i) => s + i.qty, 0);\nawait null;\nreturn { total, first: input.trigger.items[0], n: await Promise.resolve(2) };', {
      trigger: { items: [{ qty: 2 }, { qty: 3 }] },
      steps: {},
    });
    expect(out).toEqual({ total: 5, first: { qty: 2 }, n: 2 });
  });

  it('stops while(true){} at the time limit with a clear error', async () => {
    // Only the deadline ends these loops, so the outcome is certain on any machine; how soon
    // after the limit they stop is the thread tests' concern (sandbox-thread.test.ts).
    const { error } = await fails('while (true) {}', { timeoutMs: 200 });
    expect(error).toEqual({ kind: 'timeout', message: 'Code ran longer than its time limit of 200 ms' });
    const caught = await fails('for (;;) { try { while (true) {} } catch (e) {} }', { timeoutMs: 100 });
    expect(caught.error.kind).toBe('timeout');
  });

  it('stops a memory bomb at the memory limit (growing string, default 64 MB; growing array)', async () => {
    // A time limit far beyond what the bombs need (tens to hundreds of ms, about 1 s on a
    // busy machine) makes the memory limit the certain outcome.
    const { error } = await fails('let s = "ab";\nconst keep = [];\nwhile (true) { s = s.repeat(2); keep.push(s); }', { timeoutMs: RELAXED_MS });
    expect(error).toEqual({ kind: 'memory', message: 'Code used more than its memory limit of 64 MB' });
    const array = await runCode({
      source: 'const keep = [];\nlet a = [1, 2, 3, 4, 5, 6, 7, 8];\nwhile (true) { a = [...a, ...a]; keep.push(a); }',
      input: {},
      timeoutMs: RELAXED_MS,
      memoryLimitBytes: 16 * 1024 * 1024,
    });
    expect(array.ok ? null : array.error).toEqual({ kind: 'memory', message: 'Code used more than its memory limit of 16 MB' });
    expect(await ok('return { fine: true };')).toEqual({ fine: true });
  }, 60_000);

  it('has no process, require, fetch, timers or host modules', async () => {
    const out = await ok(`return {
      process: typeof process, require: typeof require, fetch: typeof globalThis.fetch, setTimeout: typeof setTimeout,
      std: typeof std, os: typeof os, Buffer: typeof Buffer, globals: Object.getOwnPropertyNames(globalThis).filter(k => /^[a-z]/.test(k)).sort(),
    };`);
    expect(out).toMatchObject({ process: 'undefined', require: 'undefined', fetch: 'undefined', setTimeout: 'undefined', std: 'undefined', os: 'undefined', Buffer: 'undefined' });
    expect(out.globals).toEqual(['console', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'eval', 'globalThis', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'undefined', 'unescape'].filter((k) => (out.globals as string[]).includes(k)));
    expect(out.globals).not.toContain('__konnect_log');
  });

  it('Function("return this")() reaches only the sandbox global', async () => {
    const out = await ok(`const g = Function('return this')();
      return { same: g === globalThis, process: typeof g.process, keys: Object.keys(g) };`);
    expect(out).toEqual({ same: true, process: 'undefined', keys: ['console'] });
  });

  it('refuses classic escapes: constructor chains, dynamic import, require', async () => {
    const attempts = [
      "this.constructor.constructor('return process')()",
      "input.constructor.constructor('return process')().env",
      "(() => {}).constructor('return process')()",
      "Object.getPrototypeOf(async function(){}).constructor('return process')",
      "require('fs')",
      'globalThis.fetch("http://127.0.0.1")',
    ];
    for (const attempt of attempts) {
      const result = await runCode({ source: `return { value: typeof (${attempt}) };`, input: {}, timeoutMs: RELAXED_MS });
      if (result.ok) expect(result.output.value, attempt).not.toBe('object');
      else expect(result.error.message, attempt).toMatch(/not defined|not a function|cannot read property/);
    }
    const dynamic = await runCode({ source: "const fs = await import('fs'); return { fs: typeof fs };", input: {}, timeoutMs: RELAXED_MS });
    expect(dynamic.ok).toBe(false);
  });

  it('prototype pollution inside does not reach host objects', async () => {
    const out = await ok(`({}).__proto__.polluted = 1;
      Object.prototype.x = 1;
      Array.prototype.evil = () => 'evil';
      return JSON.parse('{"__proto__": {"polluted": 2}, "plain": true}');`);
    const hostObject: Record<string, unknown> = {};
    expect(hostObject.polluted).toBeUndefined();
    expect(hostObject.x).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(([] as unknown as Record<string, unknown>).evil).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.plain).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('input carries no host environment', async () => {
    process.env.KONNECT_SANDBOX_CANARY = 'secret-canary';
    try {
      const out = await ok(`const seen = JSON.stringify(input);
        let env = 'none';
        try { env = String(globalThis.process && globalThis.process.env); } catch (e) { env = 'threw'; }
        return { keys: Object.keys(input), leaked: seen.includes('secret-canary'), env };`,
      { trigger: { a: 1 }, steps: {} });
      expect(out).toEqual({ keys: ['trigger', 'steps'], leaked: false, env: 'undefined' });
    } finally {
      delete process.env.KONNECT_SANDBOX_CANARY;
    }
  });

  it('reports a thrown error with the line and column of the user source', async () => {
    const { error } = await fails('const a = 1;\nconst b = 2;\n  throw new Error("boom " + (a + b));');
    expect(error).toEqual({ kind: 'runtime', message: 'Error: boom 3 (line 3, column 18)', line: 3, column: 18 });
    const typeError = await fails('const x = null;\nreturn { y: x.foo };');
    expect(typeError.error).toMatchObject({ kind: 'runtime', line: 2 });
    expect(typeError.error.message).toMatch(/^TypeError: cannot read property 'foo' of null \(line 2, column \d+\)$/);
    const thrown = await fails('throw "plain string";');
    expect(thrown.error).toEqual({ kind: 'runtime', message: 'Uncaught: plain string' });
  });

  it('reports a syntax error with its line', async () => {
    const { error } = await fails('const a = 1;\nconst b = = 2;\nreturn {};');
    expect(error.kind).toBe('syntax');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^SyntaxError: .+ \(line 2, column \d+\)$/);
  });

  it('returning anything but a plain object is a clear error', async () => {
    expect((await fails('return 5;')).error.message).toBe('Code must return a plain object, like `return { total: 3 }`; it returned number');
    expect((await fails('return [1, 2];')).error.message).toMatch(/it returned an array$/);
    expect((await fails('const x = 1;')).error.message).toMatch(/it returned undefined \(did you forget `return`\?\)$/);
    expect((await fails('return null;')).error.message).toMatch(/it returned null$/);
    expect((await fails('return new Date(0);')).error.message).toMatch(/it returned \[object Date\]$/);
    expect((await fails('const o = {}; o.self = o; return o;')).error.message).toMatch(/not JSON/);
    expect(await ok('return { when: new Date(0), skip: undefined, fn: () => 1 };')).toEqual({ when: '1970-01-01T00:00:00.000Z' });
  });

  it('captures console output, bounded in count and length', async () => {
    const result = await runCode({
      source: 'console.log("hello", { a: 1 }, [2]);\nconsole.warn("careful");\nconsole.error(new Error("bad").message);\nconsole.info("x".repeat(5000));\nfor (let i = 0; i < 200; i++) console.log(i);\nreturn {};',
      input: {},
      timeoutMs: RELAXED_MS,
    });
    expect(result.ok).toBe(true);
    expect(result.logs.slice(0, 3)).toEqual(['[console.log] hello {"a":1} [2]', '[console.warn] careful', '[console.error] bad']);
    expect(result.logs[3]?.length).toBeLessThan(1100);
    expect(result.logs).toHaveLength(MAX_LOG_LINES + 1);
    expect(result.logs.at(-1)).toMatch(/further output dropped/);
  });

  it('a promise that never settles is an error, not a hang', async () => {
    const { error } = await fails('await new Promise(() => {});\nreturn {};');
    expect(error.message).toMatch(/never settles/);
  });

  it('deep recursion hits the stack limit and the sandbox keeps working', async () => {
    const recursion = await fails('function f(n) { return f(n + 1) + 1; }\nreturn { v: f(0) };');
    expect(recursion.error.kind).toBe('stack');
    const nested = await runCode({ source: 'let o = {};\nfor (let i = 0; i < 200000; i++) o = { o };\nreturn { s: JSON.stringify(o).length };', input: {}, timeoutMs: RELAXED_MS });
    expect(nested.ok).toBe(false);
    if (!nested.ok) expect(['stack', 'runtime', 'memory']).toContain(nested.error.kind);
    expect(await ok('return { after: 1 };')).toEqual({ after: 1 });
  });

  it('runs each execution in a fresh context', async () => {
    await ok('globalThis.leftover = 42; return {};');
    expect(await ok('return { leftover: typeof leftover };')).toEqual({ leftover: 'undefined' });
  });
});
