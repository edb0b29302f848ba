import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import type { CallOutcome, CallRequest, CallService, CallStart } from './calls';
import { execute } from './execute';
import { memoryCheckpoints, testConnector } from './test-fixtures';
import type { ExecuteOptions } from './types';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const CALLED = { id: 'trigger', connector: 'subkonnector', event: 'called', input: { inputs: [{ name: 'email', type: 'text', required: true }] } };
const HOOK = { id: 'trigger', connector: 'crm', event: 'x', input: {} };

/** A call service keeping its runs in memory: start is idempotent per (step, iteration), as the platform's. */
function fakeCalls(outcomes: Record<string, CallOutcome> = {}): CallService & { requests: CallRequest[]; runs: Map<string, string> } {
  const runs = new Map<string, string>();
  const requests: CallRequest[] = [];
  return {
    requests,
    runs,
    async start(request): Promise<CallStart> {
      requests.push(request);
      if (request.konnectorId === 'missing') return { ok: false, error: { kind: 'config', message: 'Konnector missing does not exist in this workspace' } };
      const key = `${request.stepId}:${request.iteration}`;
      const existing = runs.get(key);
      if (existing) return { ok: true, runId: existing, konnectorName: 'Child', created: false };
      const runId = `child_${runs.size + 1}`;
      runs.set(key, runId);
      return { ok: true, runId, konnectorName: 'Child', created: true };
    },
    async outcome(runId) {
      return outcomes[runId] ?? { state: 'running' };
    },
  };
}

function options(trigger: object, steps: unknown[], extra: Partial<ExecuteOptions> = {}) {
  const connector = testConnector();
  const checkpoints = memoryCheckpoints();
  const opts: ExecuteOptions = {
    runId: 'run1',
    definition: { trigger, steps } as KonnectorDefinitionInput,
    event: { key: 'e1', data: { email: 'ada@example.com', n: 3 } },
    registry: connector.registry,
    connections: connector.connections,
    checkpoints,
    now: () => NOW,
    ...extra,
  };
  return { opts, checkpoints, connector };
}

const call = (extra: Record<string, unknown> = {}) => ({ type: 'call', id: 'call_1', konnectorId: 'k_child', input: { email: '{{trigger.email}}', n: '{{trigger.n}}' }, ...extra });

describe('Return step', () => {
  it('ends the run succeeded with its rendered output; later steps do not run', async () => {
    const { opts, connector } = options(CALLED, [
      { type: 'return', id: 'ret', output: { greeting: 'Hi {{trigger.email}}', count: '{{trigger.n}}' } },
      { type: 'action', id: 'never', connector: 'crm', action: 'echo', input: { text: 'x' } },
    ]);
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(result.output).toEqual({ greeting: 'Hi ada@example.com', count: 3 });
    expect(result.steps.map((s) => [s.stepId, s.type, s.status])).toEqual([['ret', 'return', 'succeeded']]);
    expect(connector.calls.count.echo).toBeUndefined();
  });

  it('inside a path branch ends the whole run', async () => {
    const { opts } = options(CALLED, [
      { type: 'path', id: 'p', branches: [{ id: 'b1', name: 'Always', conditions: { all: [{ left: '{{trigger.n}}', op: 'gt', right: '1' }] }, steps: [{ type: 'return', id: 'ret', output: { branch: 'b1' } }] }] },
      { type: 'return', id: 'ret2', output: { branch: 'after' } },
    ]);
    const result = await execute(opts);
    expect(result).toMatchObject({ status: 'succeeded', output: { branch: 'b1' } });
  });

  it('a resumed run whose Return was saved ends again with the saved output, running nothing after it', async () => {
    const { opts, checkpoints, connector } = options(CALLED, [
      { type: 'return', id: 'ret', output: { v: '{{trigger.n}}' } },
      { type: 'action', id: 'never', connector: 'crm', action: 'echo', input: { text: 'x' } },
    ]);
    await execute(opts);
    const again = await execute({ ...opts, checkpoints });
    expect(again).toMatchObject({ status: 'succeeded', output: { v: 3 } });
    expect(connector.calls.count.echo).toBeUndefined();
  });
});

describe('Run konnector step', () => {
  it("fire: starts the called run with the rendered inputs and goes on with its id", async () => {
    const calls = fakeCalls();
    const { opts } = options(HOOK, [call({ mode: 'fire' }), { type: 'action', id: 'after', connector: 'crm', action: 'echo', input: { text: '{{steps.call_1.runId}}' } }], { calls });
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(calls.requests).toEqual([{ konnectorId: 'k_child', input: { email: 'ada@example.com', n: 3 }, stepId: 'call_1', iteration: '', mode: 'fire' }]);
    const record = result.steps[0];
    expect(record).toMatchObject({ type: 'call', status: 'succeeded', output: { runId: 'child_1' }, input: { konnectorId: 'k_child', konnectorName: 'Child', runId: 'child_1', mode: 'fire' } });
    expect(result.steps[1]?.output).toEqual({ text: 'child_1' });
  });

  it('a refusal fails the step with its message', async () => {
    const { opts } = options(HOOK, [call({ konnectorId: 'missing', mode: 'fire' })], { calls: fakeCalls() });
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'config', stepId: 'call_1', message: 'Konnector missing does not exist in this workspace', retryable: false });
    expect(result.summary).toBe('Failed at "Run konnector": Konnector missing does not exist in this workspace');
  });

  it('without a call service the step fails saying so', async () => {
    const { opts } = options(HOOK, [call({ mode: 'fire' })]);
    expect((await execute(opts)).error?.message).toBe('Konnector calls are not available here');
  });

  it('a start that throws (the database is away) defers a live run, and the retried step finds the same run', async () => {
    const calls = fakeCalls();
    let down = true;
    const flaky: CallService = {
      start: async (r) => {
        if (down) throw new Error('connection refused');
        return calls.start(r);
      },
      outcome: calls.outcome,
    };
    const { opts, checkpoints } = options(HOOK, [call({ mode: 'fire' })], { calls: flaky });
    const first = await execute(opts);
    expect(first).toMatchObject({ status: 'deferred', retryAfterMs: 5000 });
    down = false;
    const second = await execute({ ...opts, checkpoints });
    expect(second.status).toBe('succeeded');
    const third = await execute({ ...opts, checkpoints: memoryCheckpoints() });
    expect(third.steps[0]?.output).toEqual({ runId: 'child_1' });
    expect(calls.runs.size).toBe(1);
  });

  it('wait, test mode: the output is the called konnector\'s Return output', async () => {
    const calls = fakeCalls({ child_1: { state: 'succeeded', output: { total: 42 } } });
    const { opts } = options(HOOK, [call(), { type: 'action', id: 'after', connector: 'crm', action: 'echo', input: { value: '{{steps.call_1.total}}' } }], { calls, mode: 'test' });
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(result.steps[0]?.output).toEqual({ total: 42 });
    expect(result.steps[1]?.output).toEqual({ value: 42 });
  });

  it("wait, test mode: a failing called konnector fails the step with the called run's error", async () => {
    const calls = fakeCalls({ child_1: { state: 'failed', error: { kind: 'validation', message: 'Konnector "Child" failed at "Create Task": title is required' } } });
    const { opts } = options(HOOK, [call()], { calls, mode: 'test' });
    const result = await execute(opts);
    expect(result.error).toMatchObject({ kind: 'validation', message: 'Konnector "Child" failed at "Create Task": title is required', stepId: 'call_1' });
    expect(result.steps[0]?.output).toEqual({ runId: 'child_1' });
  });

  it('wait, live: the run waits (a waiting record with the timeout and the called run), then takes its Return output', async () => {
    const calls = fakeCalls();
    const { opts, checkpoints } = options(HOOK, [call({ timeoutSeconds: 120 }), { type: 'action', id: 'after', connector: 'crm', action: 'echo', input: { value: '{{steps.call_1.total}}' } }], { calls });
    const first = await execute(opts);
    expect(first).toMatchObject({ status: 'waiting', resumeAt: NOW + 120_000, waiting: { stepId: 'call_1', reason: 'Waiting for "Child" (run child_1)' } });
    expect(checkpoints.saved[0]).toMatchObject({ stepId: 'call_1', status: 'waiting', output: { resumeAt: new Date(NOW + 120_000).toISOString(), runId: 'child_1' }, input: { runId: 'child_1' } });

    // An early or duplicate job: the called run is still going, the run waits on for the same time.
    const early = await execute({ ...opts, checkpoints, now: () => NOW + 5_000 });
    expect(early).toMatchObject({ status: 'waiting', resumeAt: NOW + 120_000 });

    calls.outcome = async () => ({ state: 'succeeded', output: { total: 7 } });
    const done = await execute({ ...opts, checkpoints, now: () => NOW + 10_000 });
    expect(done.status).toBe('succeeded');
    expect(done.steps.find((r) => r.stepId === 'call_1')).toMatchObject({ status: 'succeeded', output: { total: 7 }, input: { runId: 'child_1' } });
    expect(done.steps.find((r) => r.stepId === 'after')?.output).toEqual({ value: 7 });
    expect(calls.requests).toHaveLength(1);
  });

  it("wait, live: a failed called run fails the step with its error (the parent's record keeps the link)", async () => {
    const calls = fakeCalls();
    const { opts, checkpoints } = options(HOOK, [call()], { calls });
    await execute(opts);
    calls.outcome = async () => ({ state: 'failed', error: { kind: 'validation', message: 'Konnector "Child" failed at "Create Task" (run child_1): title is required' } });
    const result = await execute({ ...opts, checkpoints });
    expect(result).toMatchObject({ status: 'failed', error: { kind: 'validation', stepId: 'call_1', retryable: false, message: 'Konnector "Child" failed at "Create Task" (run child_1): title is required' } });
    expect(result.steps[0]).toMatchObject({ status: 'failed', input: { runId: 'child_1' }, output: { runId: 'child_1' } });
  });

  it('wait, live: past the timeout with the called run still going, the step fails with kind timeout', async () => {
    const calls = fakeCalls();
    const { opts, checkpoints } = options(HOOK, [call({ timeoutSeconds: 60 })], { calls });
    await execute(opts);
    const result = await execute({ ...opts, checkpoints, now: () => NOW + 60_000 });
    expect(result).toMatchObject({ status: 'failed', error: { kind: 'timeout', message: 'Konnector "Child" did not return within 60 s; its run child_1 goes on by itself' } });
    expect(calls.requests).toHaveLength(1);
  });

  it('wait, live: a caller executed again before its waiting record was saved finds the same run and waits for it', async () => {
    const calls = fakeCalls();
    const { opts } = options(HOOK, [call()], { calls });
    await execute({ ...opts, checkpoints: memoryCheckpoints() });
    const again = await execute({ ...opts, checkpoints: memoryCheckpoints() });
    expect(again).toMatchObject({ status: 'waiting' });
    expect(calls.runs.size).toBe(1);
  });
});
