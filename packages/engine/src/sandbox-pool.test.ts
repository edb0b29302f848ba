import { afterEach, describe, expect, it, vi } from 'vitest';
import { poolSettings } from './sandbox-config';
import { SandboxPool, type PoolSettings } from './sandbox-pool';
import type { RunRequest } from './sandbox-protocol';

/** A thread that speaks the protocol and misbehaves on request (see the fixture). */
const fixture = new URL('./sandbox-pool.fixture.mjs', import.meta.url);

function request(source: string, timeoutMs = 5000, inputJson = '{"a":1}'): RunRequest {
  return { source, inputJson, timeoutMs, memoryLimitBytes: 64 << 20, maxStackBytes: 128 << 10 };
}

const pools: SandboxPool[] = [];
function pool(overrides: Partial<PoolSettings> = {}): SandboxPool {
  const created = new SandboxPool({ ...poolSettings({ threads: 1, hardGraceMs: 100 }), entry: fixture, ...overrides });
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  vi.restoreAllMocks();
});

describe('sandbox pool', () => {
  it('runs requests on a thread and returns its reply', async () => {
    const p = pool();
    await p.warm();
    expect(await p.run(request('echo'))).toEqual({ ok: true, outputJson: '{"a":1}', logs: [] });
    expect(p.fallbackReason).toBeNull();
  });

  it('terminates a thread stuck past time limit + grace, reports the timeout, and replaces it', async () => {
    const p = pool();
    await p.warm();
    const started = Date.now();
    const reply = await p.run(request('spin', 200));
    const elapsed = Date.now() - started;
    expect(reply).toEqual({ ok: false, logs: [], error: { kind: 'timeout', message: 'Code ran longer than its time limit of 200 ms' } });
    // Never before limit + grace; the upper bound is only generous proof that the spin (endless) was cut.
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(10_000);
    expect(await p.run(request('echo'))).toMatchObject({ ok: true });
  });

  it('takes a reply that arrived while the host was too busy to read it before the deadline', async () => {
    const p = pool();
    await p.warm();
    // Blocked in the check phase: the next loop turn runs the expired hard deadline (120 ms)
    // in its timers phase, before its poll phase reads the reply the thread sent at once.
    const pending = await new Promise<ReturnType<SandboxPool['run']>>((resolve) =>
      setImmediate(() => {
        const reply = p.run(request('echo', 20));
        const until = Date.now() + 300;
        while (Date.now() < until);
        resolve(reply);
      }),
    );
    expect(await pending).toMatchObject({ ok: true, outputJson: '{"a":1}' });
  });

  it('reports a thread that runs out of V8 heap as a memory error and replaces it', async () => {
    const p = pool({ resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    await p.warm();
    const reply = await p.run(request('grow', 10_000));
    expect(reply).toEqual({ ok: false, logs: [], error: { kind: 'memory', message: 'Code used more than its memory limit of 64 MB' } });
    expect(await p.run(request('echo'))).toMatchObject({ ok: true });
  }, 15_000);

  it('reports a thread that exits or sends a malformed reply, and recovers', async () => {
    const p = pool();
    await p.warm();
    expect(await p.run(request('exit'))).toEqual({ ok: false, logs: [], error: { kind: 'runtime', message: 'Code sandbox failed: the thread exited with code 3' } });
    expect(await p.run(request('garbage'))).toEqual({ ok: false, logs: [], error: { kind: 'runtime', message: 'Code sandbox failed: the thread sent a malformed reply' } });
    expect(await p.run(request('echo'))).toMatchObject({ ok: true });
  });

  it('queues requests for busy threads; a stuck thread does not hold up the other', async () => {
    const one = pool();
    const replies = await Promise.all([1, 2, 3].map((n) => one.run(request('echo', 5000, `{"n":${n}}`))));
    expect(replies.map((r) => (r.ok ? r.outputJson : r.error.message))).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);

    // The echo is answered while the spin still runs: closing the pool afterwards finds the spin
    // unfinished (had the echo waited for it, the spin would have ended at its deadline).
    const two = pool({ threads: 2 });
    await two.warm();
    const stuck = two.run(request('spin', 60_000), 'ws-a');
    expect(await two.run(request('echo'), 'ws-b')).toMatchObject({ ok: true });
    await two.close();
    expect(await stuck).toEqual({ ok: false, logs: [], error: { kind: 'runtime', message: 'Code sandbox was shut down before the code finished' } });
    expect(await two.run(request('echo'))).toMatchObject({ ok: false, error: { message: 'Code sandbox is shut down' } });
  });

  it('refuses a request too large for the thread heap, naming the size', async () => {
    const p = pool({ resourceLimits: { maxOldGenerationSizeMb: 16 } });
    const reply = await p.run(request('echo', 5000, JSON.stringify({ s: 'x'.repeat(3 * 1048576) })));
    expect(reply).toEqual({ ok: false, logs: [], error: { kind: 'input', message: 'The step input is too large for a code step (3.0 MB of JSON; at most 2.0 MB)' } });
  });

  it('falls back to in-process execution when threads cannot start, logging the reason once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const p = pool({ threads: 2, entry: new URL('./no-such-sandbox-thread.mjs', import.meta.url) });
    await p.warm();
    expect(p.fallbackReason).toMatch(/failed to start: .*no-such-sandbox-thread/);
    // In-process means the real QuickJS runner, not the fixture.
    const reply = await p.run(request('return { doubled: input.a * 2 };'));
    expect(reply).toEqual({ ok: true, outputJson: '{"doubled":2}', logs: [] });
    await p.run(request('return {};'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^\[konnect\/engine\] code steps run in-process, without a hard deadline: /);
  });

  describe('fairness between owners', () => {
    /** Settles with the order it settled in, for assertions on order rather than duration. */
    function tracked(p: SandboxPool, label: string, source: string, owner: string, order: string[], timeoutMs = 60_000) {
      return p.run(request(source, timeoutMs, JSON.stringify({ label })), owner).finally(() => order.push(label));
    }

    it("finding 3: one owner's endless steps hold at most ownerThreads; another owner's step runs at once", async () => {
      const p = pool({ threads: 2, ownerThreads: 1, maxThreads: 2 });
      await p.warm();
      const order: string[] = [];
      const loops = [1, 2, 3, 4, 5, 6].map((n) => tracked(p, `a${n}`, 'spin', 'ws-a', order));
      const b = await tracked(p, 'b', 'echo', 'ws-b', order);
      expect(b).toEqual({ ok: true, outputJson: '{"label":"b"}', logs: [] });
      expect(order).toEqual(['b']);
      await p.close();
      expect((await Promise.all(loops)).map((r) => (r.ok ? 'ok' : r.error.message))).toEqual([
        'Code sandbox was shut down before the code finished',
        ...Array(5).fill('Code sandbox was shut down before the code started'),
      ]);
    });

    it('serves waiting owners in turn, the owner holding fewest threads first', async () => {
      const p = pool({ threads: 1, ownerThreads: 1, maxThreads: 1 });
      const order: string[] = [];
      const all = [
        ...['a1', 'a2', 'a3'].map((label) => tracked(p, label, 'echo', 'ws-a', order)),
        ...['b1', 'b2'].map((label) => tracked(p, label, 'echo', 'ws-b', order)),
        tracked(p, 'c1', 'echo', 'ws-c', order),
      ];
      await Promise.all(all);
      expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    });

    it("starts a spare thread while every thread is busy, up to maxThreads, and stops it when idle", async () => {
      // Generous limits: a thread start on a loaded machine can take seconds. ws-b's wait for the
      // spare must fit in queueTimeoutMs, and ws-e's whole wait (queueTimeoutMs) must end before
      // the loops' own time limit frees a thread, whatever the machine's speed.
      const queueTimeoutMs = 8000;
      const spinMs = 40_000;
      const p = pool({ threads: 1, ownerThreads: 1, maxThreads: 3, queueTimeoutMs, spareIdleMs: 100 });
      await p.warm();
      expect(p.threadCount).toBe(1);
      const order: string[] = [];
      const spinA = tracked(p, 'a', 'spin', 'ws-a', order, spinMs);
      // ws-b finds the spare started when ws-a took the only thread; ws-c then the next spare.
      expect(await tracked(p, 'b', 'echo', 'ws-b', order)).toMatchObject({ ok: true });
      const spinC = tracked(p, 'c', 'spin', 'ws-c', order, spinMs);
      const spinD = tracked(p, 'd', 'spin', 'ws-d', order, spinMs);
      // Three threads, all busy: ws-e waits, and its wait has its own limit.
      const e = await tracked(p, 'e', 'echo', 'ws-e', order);
      expect(p.threadCount).toBe(3);
      expect(e).toEqual({
        ok: false,
        logs: [],
        error: { kind: 'busy', message: "The code step waited 8 s for a free sandbox thread and did not start (all 3 threads were busy with other workspaces' code steps); try again shortly" },
      });
      expect(order).toEqual(['b', 'e']);
      // Closing stops the loops; a new pool of the same shape stops its spares once idle.
      await p.close();
      for (const spin of await Promise.all([spinA, spinC, spinD])) expect(spin).toMatchObject({ ok: false });
      const q = pool({ threads: 1, ownerThreads: 1, maxThreads: 3, queueTimeoutMs, spareIdleMs: 100 });
      await q.warm();
      const short = [tracked(q, 'f', 'spin', 'ws-f', order, 10_000), tracked(q, 'g', 'echo', 'ws-g', order)];
      expect(await short[1]).toMatchObject({ ok: true });
      expect(q.threadCount).toBeGreaterThan(1);
      expect(await short[0]).toMatchObject({ ok: false, error: { kind: 'timeout' } });
      // Idle again: the spares are stopped, the pool keeps `threads`.
      await expect.poll(() => q.threadCount, { timeout: 30_000 }).toBe(1);
      expect(await q.run(request('echo'), 'ws-e')).toMatchObject({ ok: true });
    }, 120_000);

    it('keeps the last idle thread for an owner holding none: three looping owners, and a fourth still starts at once', async () => {
      const p = pool({ threads: 3, ownerThreads: 3, maxThreads: 5 });
      await p.warm();
      const order: string[] = [];
      // Alone, an owner holds threads - 1 (one stays idle for others), whatever its cap.
      const alone = [1, 2, 3].map((n) => tracked(p, `a${n}`, 'spin', 'ws-a', order));
      await expect.poll(() => p.threadCount).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(p.threadCount).toBe(3);
      const loops = [...alone, ...['c', 'd'].flatMap((owner) => [1, 2, 3].map((n) => tracked(p, `${owner}${n}`, 'spin', `ws-${owner}`, order)))];
      // ws-c takes the idle thread, a spare starts; ws-d takes it, another starts; ws-b finds that one.
      await expect.poll(() => p.threadCount, { timeout: 10_000 }).toBe(5);
      expect(await tracked(p, 'b', 'echo', 'ws-b', order)).toMatchObject({ ok: true });
      expect(order).toEqual(['b']);
      await p.close();
      await Promise.all(loops);
    });

    it("refuses a step when its owner's queue is full, naming the workspace's queue", async () => {
      const p = pool({ threads: 1, ownerThreads: 1, maxThreads: 1, ownerQueue: 2 });
      await p.warm();
      const spin = p.run(request('spin', 60_000), 'ws-a');
      const queued = [p.run(request('echo'), 'ws-a'), p.run(request('echo'), 'ws-a')];
      expect(await p.run(request('echo'), 'ws-a')).toEqual({
        ok: false,
        logs: [],
        error: { kind: 'busy', message: 'Too many code steps waiting in this workspace (2 waiting for the code sandbox); try again shortly' },
      });
      // Another workspace's queue is its own.
      const other = p.run(request('echo'), 'ws-b');
      await p.close();
      for (const reply of await Promise.all([spin, ...queued, other])) expect(reply).toMatchObject({ ok: false, error: { kind: 'runtime' } });
    });
  });
});
