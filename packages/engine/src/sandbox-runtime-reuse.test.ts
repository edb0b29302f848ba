import { describe, expect, it } from 'vitest';
import { RUNTIME_USES, runInSandbox } from './sandbox-runner.mjs';
import type { RunReply } from './sandbox-protocol';

/**
 * Executions share a QuickJS runtime (one fresh context each): nothing of one may reach the next.
 * The time limit is far beyond what any request here needs (the memory bomb takes about 0.5 s on
 * a busy machine), so only the test about deadlines can end in a timeout.
 */
const request = (source: string, memoryLimitBytes = 64 * 1024 * 1024) => ({
  source,
  inputJson: '{"n":1}',
  timeoutMs: 10_000,
  memoryLimitBytes,
  maxStackBytes: 128 * 1024,
});
const output = (reply: RunReply) => (reply.ok ? (JSON.parse(reply.outputJson) as Record<string, unknown>) : reply.error);

const POLLUTE = `
globalThis.leaked = 'secret';
Object.prototype.polluted = 'yes';
Array.prototype.push = () => 'hijacked';
JSON.parse = () => ({ hijacked: true });
Math.round = () => 42;
Symbol.for('konnect-probe');
return { done: true };`;

const PROBE = `
return {
  leaked: typeof globalThis.leaked,
  polluted: ({}).polluted ?? null,
  push: [].push(1),
  round: Math.round(1.4),
  input: input.n,
  own: Object.getOwnPropertyNames(globalThis).includes('leaked'),
  symbols: Object.getOwnPropertySymbols(globalThis).length,
};`;

const CLEAN = { leaked: 'undefined', polluted: null, push: 1, round: 1, input: 1, own: false, symbols: 1 };

describe('code sandbox runtime reuse', () => {
  it('gives every execution fresh globals and built-ins, across many executions of one runtime', async () => {
    for (let i = 0; i < 20; i++) {
      expect(output(await runInSandbox(request(POLLUTE)))).toEqual({ done: true });
      expect(output(await runInSandbox(request(PROBE)))).toEqual(CLEAN);
    }
  });

  it('keeps state apart in executions prepared side by side (in-process path)', async () => {
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => runInSandbox(request(i % 2 ? PROBE : POLLUTE))));
    for (const [i, reply] of replies.entries()) expect(output(reply)).toEqual(i % 2 ? CLEAN : { done: true });
  });

  it('enforces each execution its own memory limit, after failures and past a runtime replacement', async () => {
    const bomb = 'const keep = [];\nlet a = [1, 2, 3, 4, 5, 6, 7, 8];\nwhile (true) { a = [...a, ...a]; keep.push(a); }';
    // Leave garbage behind (a runtime lives RUNTIME_USES executions), then hit the limit.
    for (let i = 0; i < RUNTIME_USES + 5; i++) {
      const reply = await runInSandbox(request('const a = []; for (let i = 0; i < 200; i++) a.push({ i, self: a }); return { n: a.length };'));
      expect(output(reply)).toEqual({ n: 200 });
    }
    expect(output(await runInSandbox(request(bomb, 16 * 1024 * 1024)))).toEqual({ kind: 'memory', message: 'Code used more than its memory limit of 16 MB' });
    // The next execution, with the default limit, is not hampered by what the bomb allocated.
    const big = "const keep = [];\nfor (let i = 0; i < 300; i++) keep.push('y'.repeat(1e5) + i);\nreturn { n: keep.length };";
    expect(output(await runInSandbox(request(big, 48 * 1024 * 1024)))).toEqual({ n: 300 });
    expect(output(await runInSandbox(request(PROBE)))).toEqual(CLEAN);
  });

  it('stops a run at its deadline after earlier executions in the same runtime', async () => {
    expect(output(await runInSandbox(request('return { ok: 1 };')))).toEqual({ ok: 1 });
    const reply = await runInSandbox({ ...request('while (true) {}'), timeoutMs: 200 });
    expect(output(reply)).toEqual({ kind: 'timeout', message: 'Code ran longer than its time limit of 200 ms' });
    expect(output(await runInSandbox(request('return { ok: 2 };')))).toEqual({ ok: 2 });
  });
});
