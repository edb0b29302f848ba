import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorError, createRegistry, defineAction, defineConnector, runAction, type HttpClient } from '@konnect/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { execute } from './execute';
import { CheckpointError } from './run-state';
import { definition, memoryCheckpoints, noSleep, serverError, testConnector } from './test-fixtures';
import type { ExecuteOptions } from './types';

function setup(steps: unknown[], data: Record<string, unknown> = {}, extra: Partial<ExecuteOptions> = {}) {
  const connector = testConnector();
  const checkpoints = memoryCheckpoints();
  const sleeps: number[] = [];
  const opts: ExecuteOptions = {
    runId: 'r1',
    definition: definition(steps),
    event: { key: 'e', data },
    registry: connector.registry,
    connections: connector.connections,
    checkpoints,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  };
  return { connector, checkpoints, sleeps, opts };
}

const action = (id: string, name: string, input: Record<string, unknown> = {}, onError?: string) => ({
  type: 'action',
  id,
  connector: 'crm',
  action: name,
  connectionId: 'conn_1',
  input,
  ...(onError ? { onError } : {}),
});

describe('action input', () => {
  it('validates the rendered input with the action schema and names the field', async () => {
    const { opts, connector } = setup([action('create', 'create_person', { email: '{{trigger.email}}', age: 'old' })], { email: 'not-an-email' });
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'config', stepId: 'create', retryable: false });
    expect(result.error?.message).toBe('Input "email": Invalid email address; Input "age": Invalid input: expected number, received string');
    expect(result.steps[0]).toMatchObject({ status: 'failed', input: { email: 'not-an-email', age: 'old' }, attempts: 0 });
    expect(connector.calls.count.create_person).toBeUndefined();
  });

  it('fits values to the schema: numeric text, booleans, numbers into text, blank optionals dropped', async () => {
    const { opts, connector } = setup(
      [action('create', 'create_person', { email: '{{trigger.email}}', age: '{{trigger.age}}', vip: 'true', name: '{{trigger.missing}}', tags: ['{{trigger.n}}', 'x'] })],
      { email: 'a@b.co', age: ' 41 ', n: 7 },
    );
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(connector.calls.log[0]?.input).toEqual({ email: 'a@b.co', age: 41, vip: true, tags: ['7', 'x'] });
    expect(connector.calls.log[0]?.auth).toEqual({ connectionId: 'conn_1' });
    expect(result.steps[0]?.logs).toEqual(['missing: trigger.missing']);
  });

  it('takes an input as connector tests do (the SDK runAction): the same fitted value, the same message for a bad field', async () => {
    const fits = { email: 'a@b.co', age: '41', vip: 'false', name: '', tags: [7] };
    const bad = { email: 'nope', age: 'old' };
    const { opts, connector } = setup([action('fits', 'create_person', fits), action('bad', 'create_person', bad)]);
    const live = await execute(opts);
    const crm = connector.registry.connector('crm');
    if (!crm) throw new Error('no crm connector');
    const tested = (input: unknown) => runAction({ connector: crm, actionKey: 'create_person', auth: undefined, input, idempotencyKey: 'k' });
    await tested(fits);
    expect(connector.calls.log.map((c) => c.input)).toEqual([
      { email: 'a@b.co', age: 41, vip: false, tags: ['7'] },
      { email: 'a@b.co', age: 41, vip: false, tags: ['7'] },
    ]);
    const refused = await tested(bad).then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(ConnectorError);
    expect(live.error).toMatchObject({ stepId: 'bad', kind: 'config', message: (refused as ConnectorError).message });
  });

  it('an unknown action fails with a config error', async () => {
    const { opts } = setup([action('x', 'nope')]);
    const result = await execute(opts);
    expect(result.error).toMatchObject({ kind: 'config', message: 'Unknown action "crm.nope"' });
  });
});

describe('run summaries (issue 17)', () => {
  it('bug 5: a failure summary names the step by the name the user gave it, not action_1', async () => {
    const { opts } = setup([{ ...action('action_1', 'reject', { email: '{{trigger.email}}' }), name: 'Create Note' }], { email: 'a@b.co' });
    const result = await execute(opts);
    expect(result.summary).toBe('Failed at "Create Note": email already taken');
    expect(result.summary).not.toContain('action_1');
  });
});

describe('action error policies', () => {
  it('stop: a non-retryable error fails the run and records what was sent and what came back', async () => {
    const { opts, connector } = setup([action('r', 'reject', { email: '{{trigger.email}}' }), action('after', 'echo', { text: 'x' })], { email: 'a@b.co' });
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    // bug 5 (issue 17): the summary names the step as the builder does ("App: Action"), not its id.
    expect(result.summary).toBe('Failed at "CRM: Reject": email already taken');
    const failed = result.steps[0];
    expect(failed).toMatchObject({ status: 'failed', input: { email: 'a@b.co' }, attempts: 1 });
    expect(failed?.error).toEqual({
      kind: 'validation',
      message: 'email already taken',
      stepId: 'r',
      status: 422,
      retryable: false,
      exchange: { request: { method: 'POST', url: 'https://crm.test/people', body: { email: 'a@b.co' } }, response: { status: 422, body: { error: 'email already taken' } } },
    });
    expect(connector.calls.count.echo).toBeUndefined();
  });

  it('continue: the step fails, the run goes on and ends partial', async () => {
    const { opts, connector } = setup([action('r', 'reject', { email: 'x' }, 'continue'), action('after', 'echo', { text: 'still {{steps.r.id}}' })]);
    const result = await execute(opts);
    expect(result.status).toBe('partial');
    expect(result.error).toMatchObject({ stepId: 'r', message: 'email already taken' });
    expect(result.summary).toBe('Partial: 1 step failed and the run went on; 1 step succeeded (1 action); first failure "CRM: Reject": email already taken');
    expect(result.steps.map((s) => s.status)).toEqual(['failed', 'succeeded']);
    expect(result.steps[1]?.logs).toEqual(['missing: steps.r.id']);
    expect(connector.calls.count.echo).toBe(1);
  });

  it('retry: retries a retryable error with exponential backoff and jitter', async () => {
    const { opts, connector, sleeps } = setup([action('f', 'flaky', {}, 'retry')]);
    connector.calls.flakyErrors.push(serverError(), serverError(), serverError());
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(connector.calls.count.flaky).toBe(4);
    expect(sleeps).toEqual([375, 750, 1500]);
    expect(result.steps[0]).toMatchObject({ status: 'succeeded', attempts: 4 });
    expect(result.steps[0]?.logs).toHaveLength(3);
  });

  it('retry honours retryAfterMs from the app', async () => {
    const { opts, connector, sleeps } = setup([action('f', 'flaky', {}, 'retry')]);
    connector.calls.flakyErrors.push(serverError(2_000), serverError(7_000));
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(sleeps).toEqual([2_000, 7_000]);
  });

  it('retry does not retry a non-retryable error', async () => {
    const { opts, connector, sleeps } = setup([action('r', 'reject', { email: 'x' }, 'retry')]);
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(connector.calls.count.reject).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('stop and continue get two quick retries too', async () => {
    const { opts, connector, sleeps } = setup([action('f', 'flaky', {})]);
    connector.calls.flakyErrors.push(serverError(), serverError());
    expect((await execute(opts)).status).toBe('succeeded');
    expect(sleeps).toEqual([375, 750]);
    expect(connector.calls.count.flaky).toBe(3);
  });
});

describe('retries across the run', () => {
  it('a retryable error on every attempt: the step is tried 1 + its retries times, then onError decides', async () => {
    for (const [onError, calls, status] of [['stop', 3, 'failed'], ['continue', 3, 'partial'], ['retry', 6, 'failed']] as const) {
      const { opts, connector } = setup([action('f', 'flaky', {}, onError), action('last', 'echo', { text: 'after' })]);
      connector.calls.flakyErrors.push(...Array.from({ length: 10 }, () => serverError()));
      const result = await execute(opts);
      expect(result.status, onError).toBe(status);
      expect(connector.calls.count.flaky, onError).toBe(calls);
      expect(result.steps[0], onError).toMatchObject({ stepId: 'f', status: 'failed', attempts: calls, error: { kind: 'server', retryable: true } });
      expect(result.steps[0]?.logs.at(-1), onError).toBe(`attempt ${calls} of ${calls} failed (service unavailable); no retries left`);
      expect(connector.calls.count.echo, onError).toBe(onError === 'continue' ? 1 : undefined);
    }
  });

  it('a wait past the budget defers the run (whatever the policy), keeping completed work', async () => {
    for (const onError of ['stop', 'continue', 'retry']) {
      const { opts, connector, checkpoints } = setup([action('first', 'echo', { text: 'done' }), action('f', 'flaky', {}, onError), action('last', 'echo', { text: 'later' })]);
      connector.calls.flakyErrors.push(...Array.from({ length: 10 }, () => serverError(20_000)));
      const result = await execute(opts);
      expect(result.status, onError).toBe('deferred');
      expect(result.error).toMatchObject({ stepId: 'f', kind: 'rate_limited', retryable: true, retryAfterMs: 20_000 });
      expect(result.retryAfterMs).toBe(20_000);
      expect(result.summary).toBe('Deferred at "CRM: Flaky": rate limited; retry in 20 s');
      expect(checkpoints.saved.map((r) => [r.stepId, r.status])).toEqual([['first', 'succeeded'], ['f', 'failed']]);
      // 'retry' waits up to 30 s in-process: one 20 s wait fits, the second does not.
      expect(connector.calls.count.flaky).toBe(onError === 'retry' ? 2 : 1);
      expect(checkpoints.saved[1]?.attempts).toBe(onError === 'retry' ? 2 : 1);
      expect(connector.calls.count.echo).toBe(1);
    }
  });

  it('a Retry-After beyond the budget defers at once with that delay', async () => {
    const { opts, connector, sleeps } = setup([action('f', 'flaky', {})]);
    connector.calls.flakyErrors.push(serverError(60_000));
    const result = await execute(opts);
    expect(result).toMatchObject({ status: 'deferred', retryAfterMs: 60_000 });
    expect(sleeps).toEqual([]);
    expect(connector.calls.count.flaky).toBe(1);
  });

  it('the re-enqueued run resumes at the deferred step and finishes', async () => {
    const { opts, connector, checkpoints } = setup([action('first', 'echo', { text: 'done' }), action('f', 'flaky', {}), action('last', 'echo', { text: '{{steps.first.text}} then {{steps.f.ok}}' })]);
    connector.calls.flakyErrors.push(serverError(60_000));
    expect((await execute(opts)).status).toBe('deferred');
    const second = await execute({ ...opts, checkpoints });
    expect(second.status).toBe('succeeded');
    expect(connector.calls.count).toEqual({ echo: 2, flaky: 2 });
    expect(second.steps.find((s) => s.stepId === 'f')).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(second.steps.at(-1)?.output).toEqual({ text: 'done then true' });
  });

  it('a deferred run that resumes carries the attempts spent: at most 1 + retries sends in the whole run', async () => {
    for (const [onError, sends, executions] of [['stop', 3, 3], ['retry', 6, 3]] as const) {
      const { opts, connector, checkpoints } = setup([action('f', 'flaky', {}, onError)]);
      connector.calls.flakyErrors.push(...Array.from({ length: 20 }, () => serverError(20_000)));
      const statuses: string[] = [];
      for (let i = 0; i < 10; i++) {
        const result = await execute({ ...opts, checkpoints });
        statuses.push(result.status);
        if (result.status !== 'deferred') break;
      }
      expect(statuses, onError).toEqual([...Array.from({ length: executions - 1 }, () => 'deferred'), 'failed']);
      expect(connector.calls.count.flaky, onError).toBe(sends);
      expect(checkpoints.saved[0], onError).toMatchObject({ status: 'failed', attempts: sends });
    }
  });

  it('a crash between two attempts resumes counting from the attempts saved before the retry', async () => {
    const { opts, connector, checkpoints } = setup([action('f', 'flaky', {})]);
    connector.calls.flakyErrors.push(...Array.from({ length: 10 }, () => serverError()));
    // Save 1: attempts 1, before the first retry. Save 2 (attempts 2, before the second retry) dies with the worker.
    checkpoints.crashOnSave = 2;
    await expect(execute(opts)).rejects.toThrow(CheckpointError);
    expect(connector.calls.count.flaky).toBe(2);
    expect(checkpoints.saved).toEqual([expect.objectContaining({ stepId: 'f', status: 'failed', attempts: 1 })]);
    checkpoints.crashOnSave = undefined;
    const resumed = await execute(opts);
    expect(resumed.status).toBe('failed');
    // 1 + 2 retries, plus the one send whose count the crash lost.
    expect(connector.calls.count.flaky).toBe(4);
    expect(resumed.steps[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(resumed.steps).toHaveLength(1);
  });

  it('failures the app did not act on (429, no connection, pacing) do not use up the retries', async () => {
    const { opts, connector, checkpoints, sleeps } = setup([action('f', 'flaky', {})]);
    const refused = () => new ConnectorError({ kind: 'rate_limited', status: 429, message: 'slow down', retryable: true, retryAfterMs: 100, unprocessed: true });
    connector.calls.flakyErrors.push(refused(), refused(), refused(), refused());
    const first = await execute(opts);
    // Two in-process retries (the budget's count per execution), then the run is put back.
    expect(first).toMatchObject({ status: 'deferred', retryAfterMs: 100 });
    expect(sleeps).toEqual([100, 100]);
    expect(checkpoints.saved[0]).toMatchObject({ status: 'failed', attempts: 0 });
    const second = await execute(opts);
    expect(second.status).toBe('succeeded');
    expect(connector.calls.count.flaky).toBe(5);
    expect(second.steps[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(second.steps[0]?.logs[0]).toBe('not processed by the app (slow down); retrying in 100 ms');
  });

  it('continue: a failure that stands is not sent again when the run resumes after a later deferral', async () => {
    const { opts, connector } = setup([action('r', 'reject', { email: 'x' }, 'continue'), action('f', 'flaky', {})]);
    connector.calls.flakyErrors.push(serverError(60_000));
    expect((await execute(opts)).status).toBe('deferred');
    const resumed = await execute(opts);
    expect(resumed.status).toBe('partial');
    expect(resumed.error).toMatchObject({ stepId: 'r', message: 'email already taken' });
    expect(resumed.steps.map((s) => `${s.stepId}:${s.status}`)).toEqual(['r:failed', 'f:succeeded']);
    expect(connector.calls.count).toEqual({ reject: 1, flaky: 2 });
  });
});

describe('connections', () => {
  it('a connection that cannot be resolved fails the step with its error', async () => {
    const { opts } = setup([action('a', 'echo', { text: 'x' })], {}, {
      connections: async () => {
        throw new ConnectorError({ kind: 'auth', message: 'connection conn_1 was revoked', retryable: false });
      },
    });
    const result = await execute(opts);
    expect(result.error).toMatchObject({ kind: 'auth', message: 'connection conn_1 was revoked' });
  });
});

describe('an action over real HTTP', () => {
  let server: Server;
  let baseURL = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body || '{}') as { email?: string };
        res.setHeader('content-type', 'application/json');
        if (parsed.email === 'taken@x.co') {
          res.statusCode = 422;
          res.end(JSON.stringify({ errors: { email: ['is taken'] } }));
        } else {
          res.statusCode = 201;
          res.end(JSON.stringify({ _id: 'srv_1', email: parsed.email }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A minimal JSON client: enough to carry exchanges into ConnectorErrors. */
  const http = (): HttpClient => ({
    async request<T>(req: { method: string; url: string; body?: unknown }) {
      const response = await fetch(`${baseURL}${req.url}`, { method: req.method, body: JSON.stringify(req.body), headers: { 'content-type': 'application/json' } });
      const data: unknown = await response.json();
      if (response.status >= 400) {
        throw new ConnectorError({
          kind: 'validation',
          status: response.status,
          message: `HTTP ${response.status}: ${JSON.stringify(data)}`,
          retryable: false,
          exchange: { request: { method: req.method, url: req.url, body: req.body }, response: { status: response.status, body: data } },
        });
      }
      return { status: response.status, data: data as T, headers: {} };
    },
  });

  it('records the request and the app answer on failure, the output on success', async () => {
    const app = defineConnector({
      key: 'app',
      name: 'App',
      description: 'over HTTP',
      category: 'app',
      icon: '',
      auth: { kind: 'none' },
      triggers: [],
      actions: [
        defineAction({
          key: 'create',
          name: 'Create',
          description: 'POST /people',
          input: z.object({ email: z.string() }),
          run: async ({ input, http: client }) => {
            const res = await client.request<{ _id: string }>({ method: 'POST', url: '/people', body: input });
            return { id: res.data._id };
          },
        }),
      ],
    });
    const registry = createRegistry([app]);
    const run = (email: string) =>
      execute({
        runId: 'h1',
        definition: definition([{ type: 'action', id: 'c', connector: 'app', action: 'create', input: { email }, onError: 'continue' }]),
        event: { key: 'e', data: {} },
        registry,
        connections: async () => ({ auth: undefined, http: http() }),
        checkpoints: memoryCheckpoints(),
        sleep: noSleep,
      });
    const ok = await run('new@x.co');
    expect(ok.steps[0]).toMatchObject({ status: 'succeeded', output: { id: 'srv_1' } });
    const bad = await run('taken@x.co');
    expect(bad.status).toBe('partial');
    expect(bad.steps[0]?.error).toMatchObject({
      status: 422,
      exchange: { request: { method: 'POST', url: '/people', body: { email: 'taken@x.co' } }, response: { status: 422, body: { errors: { email: ['is taken'] } } } },
    });
  });
});

describe('redactOutput', () => {
  it('an action output is redacted once, before later steps see it: the code step and the stored record get the same value', async () => {
    const seen: [string, unknown][] = [];
    const { opts, checkpoints } = setup(
      [
        action('echo', 'echo', { text: 'key=sk_live_abc' }),
        { type: 'code', id: 'code', source: 'return { reversed: input.steps.echo.text.split("").reverse().join("") };' },
        action('again', 'echo', { text: '{{steps.echo.text}}' }),
      ],
      {},
      {
        redactOutput: (stepId, input, output) => {
          seen.push([stepId, input]);
          return JSON.parse(JSON.stringify(output).split('sk_live_abc').join('[redacted]')) as Record<string, unknown>;
        },
      },
    );
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(seen).toEqual([['echo', { text: 'key=sk_live_abc' }], ['again', { text: 'key=[redacted]' }]]);
    const saved = Object.fromEntries(checkpoints.saved.map((r) => [r.stepId, r]));
    expect(saved.echo?.output).toEqual({ text: 'key=[redacted]' });
    expect(saved.code?.output).toEqual({ reversed: ']detcader[=yek' });
    expect(saved.again?.input).toEqual({ text: 'key=[redacted]' });
  });
});

describe('refused input in words (issue 17)', () => {
  it('friction 10: a field left empty by a missing trigger value says so, with labels, not "expected string, received undefined"', async () => {
    const { opts } = setup([{ ...action('action_1', 'create_person', { email: '{{trigger.contact_email}}', name: 'Order {{trigger.order_id}}' }), name: 'Create Note' }], { order_id: 7 });
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe('Email is empty because Contact Email was missing in the trigger data');
    expect(result.summary).toBe('Failed at "Create Note": Email is empty because Contact Email was missing in the trigger data');
    expect(result.steps[0]?.logs).toContain('missing: trigger.contact_email');
  });

  it('friction 10: ids read as ID ("Order ID was missing")', async () => {
    const { opts } = setup([action('a', 'create_person', { email: '{{trigger.order_id}}' })], {});
    const result = await execute(opts);
    expect(result.error?.message).toBe('Email is empty because Order ID was missing in the trigger data');
  });

  it('friction 10: a required field with nothing mapped says so', async () => {
    const { opts } = setup([action('a', 'create_person', {})]);
    const result = await execute(opts);
    expect(result.error?.message).toBe('Email is empty: nothing is mapped to it');
  });
});
