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
    const stuck = two.run(request('spin', 60_000));
    expect(await two.run(request('echo'))).toMatchObject({ ok: true });
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
});
