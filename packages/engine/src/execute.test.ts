import { describe, expect, it } from 'vitest';
import { execute } from './execute';
import { definition, memoryCheckpoints, serverError, testConnector } from './test-fixtures';
import { testRun } from './test-run';
import type { ExecuteOptions } from './types';

const NOW = Date.parse('2026-06-15T12:00:00Z');

function options(steps: unknown[], data: Record<string, unknown>, extra: Partial<ExecuteOptions> = {}) {
  const connector = testConnector();
  const checkpoints = memoryCheckpoints();
  return {
    connector,
    checkpoints,
    opts: { runId: 'run1', definition: definition(steps), event: { key: 'e1', data }, registry: connector.registry, connections: connector.connections, checkpoints, now: () => NOW, ...extra } satisfies ExecuteOptions,
  };
}

const echo = (id: string, text: string, extra: Record<string, unknown> = {}) => ({ type: 'action', id, connector: 'crm', action: 'echo', input: { text }, ...extra });
const rule = (left: string, op: string, right?: unknown) => ({ left, op, ...(right === undefined ? {} : { right }) });

describe('execute: filter and flow', () => {
  it('runs steps in order, passing outputs along', async () => {
    const { opts, connector, checkpoints } = options(
      [
        { type: 'filter', id: 'adult', conditions: { all: [rule('{{trigger.age}}', 'gte', '18')] } },
        { type: 'action', id: 'create', connector: 'crm', action: 'create_person', input: { email: '{{trigger.email}}', age: '{{trigger.age}}' } },
        echo('greet', 'Hello {{trigger.name}}, you are {{steps.create.id}}'),
      ],
      { name: 'Ada', email: 'ada@example.com', age: '36' },
    );
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(result.summary).toBe('Succeeded: 3 steps succeeded (2 actions)');
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([['adult', 'succeeded'], ['create', 'succeeded'], ['greet', 'succeeded']]);
    expect(result.steps[0]?.output).toEqual({ passed: true, reason: '"Age" ("36") is at least 18' });
    expect(result.steps[1]?.input).toEqual({ email: 'ada@example.com', age: 36 });
    expect(result.steps[2]?.output).toEqual({ text: 'Hello Ada, you are p_1' });
    expect(connector.calls.log.map((c) => c.idempotencyKey)).toEqual(['run1:create:', 'run1:greet:']);
    expect(checkpoints.saved.map((r) => r.stepId)).toEqual(['adult', 'create', 'greet']);
    expect(result.steps[1]?.startedAt).toBe('2026-06-15T12:00:00.000Z');
  });

  it('a failing filter ends the run filtered with the reason', async () => {
    const { opts, connector } = options(
      [{ type: 'filter', id: 'adult', conditions: { all: [rule('{{trigger.age}}', 'gt', '18')] } }, echo('never', 'x')],
      { age: 17 },
    );
    const result = await execute(opts);
    expect(result).toMatchObject({ status: 'filtered', filteredReason: '"Age" (17) is not greater than 18' });
    expect(result.summary).toBe('Filtered at "Filter": "Age" (17) is not greater than 18');
    expect(result.steps.map((s) => s.status)).toEqual(['filtered']);
    expect(connector.calls.count.echo).toBeUndefined();
  });

  it('reports missing references in the step logs', async () => {
    const { opts } = options([echo('e', 'Hi {{trigger.first_name}}{{trigger.nope}}')], { first_name: 'Ada' });
    const result = await execute(opts);
    expect(result.steps[0]?.logs).toEqual(['missing: trigger.nope']);
    expect(result.steps[0]?.output).toEqual({ text: 'Hi Ada' });
  });

  it('a bad regex in a filter fails the run with a clear config error', async () => {
    const { opts } = options([{ type: 'filter', id: 'f', conditions: { all: [rule('{{trigger.a}}', 'matches', '{{trigger.pattern}}')] } }], { a: 'x', pattern: '(a+)+' });
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'config', stepId: 'f', message: expect.stringContaining('repeated group') });
  });

  it('an invalid definition fails cleanly, naming the field', async () => {
    const { opts } = options([{ type: 'code', id: 'c', source: 5 }], {});
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.summary).toMatch(/^Failed at "definition": The konnector definition is invalid: steps\[0\]\.source: /);
  });
});

describe('execute: paths', () => {
  const path = (otherwise?: unknown[]) => ({
    type: 'path',
    id: 'route',
    branches: [
      { id: 'vip', name: 'VIP', conditions: { all: [rule('{{trigger.plan}}', 'equals', 'enterprise')] }, steps: [echo('vip_step', 'vip {{steps.route.branchName}}')] },
      { id: 'big', name: 'Big', conditions: { any: [rule('{{trigger.seats}}', 'gt', '100'), rule('{{trigger.plan}}', 'equals', 'pro')] }, steps: [echo('big_step', 'big')] },
    ],
    ...(otherwise ? { otherwise } : {}),
  });

  it('the first matching branch wins and steps after the path continue', async () => {
    const { opts, connector } = options([path(), echo('after', 'after {{steps.route.branchId}}')], { plan: 'pro', seats: 500 });
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(result.steps.map((s) => s.stepId)).toEqual(['route', 'big_step', 'after']);
    expect(result.steps[0]?.output).toMatchObject({ branchId: 'big', branchName: 'Big' });
    expect(result.steps[2]?.output).toEqual({ text: 'after big' });
    expect(connector.calls.count).toEqual({ echo: 2 });
  });

  it('takes the first branch when several match', async () => {
    const { opts } = options([path()], { plan: 'enterprise', seats: 500 });
    const result = await execute(opts);
    expect(result.steps.map((s) => s.stepId)).toEqual(['route', 'vip_step']);
    expect(result.steps[1]?.output).toEqual({ text: 'vip VIP' });
  });

  it('falls back to the otherwise branch', async () => {
    const { opts } = options([path([echo('fallback', 'none matched')])], { plan: 'free', seats: 1 });
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(result.steps.map((s) => s.stepId)).toEqual(['route', 'fallback']);
    expect(result.steps[0]?.output).toMatchObject({ branchId: 'otherwise' });
  });

  it('ends filtered when no branch matches and there is no otherwise', async () => {
    const { opts } = options([path(), echo('after', 'x')], { plan: 'free', seats: 1 });
    const result = await execute(opts);
    expect(result.status).toBe('filtered');
    expect(result.filteredReason).toBe('No branch matched: VIP: "Plan" ("free") does not equal "enterprise"; Big: "Seats" (1) is not greater than 100, and "Plan" ("free") does not equal "pro"');
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([['route', 'filtered']]);
  });

  it('a filter inside a branch ends the run filtered', async () => {
    const { opts } = options(
      [{ type: 'path', id: 'p', branches: [{ id: 'b', name: 'B', conditions: { all: [rule('x', 'exists')] }, steps: [{ type: 'filter', id: 'f', conditions: { all: [rule('{{trigger.ok}}', 'is_true')] } }, echo('never', 'x')] }] }],
      { ok: false },
    );
    const result = await execute(opts);
    expect(result.status).toBe('filtered');
    expect(result.steps.map((s) => s.stepId)).toEqual(['p', 'f']);
  });
});

describe('execute: code steps', () => {
  it('runs code with the scope as input and uses its output downstream', async () => {
    const { opts } = options(
      [
        echo('first', '{{trigger.name}}'),
        { type: 'code', id: 'calc', source: 'console.log("computing");\nreturn { shout: input.steps.first.text.toUpperCase(), n: input.trigger.items.length };' },
        echo('last', '{{steps.calc.shout}} x{{steps.calc.n}}'),
      ],
      { name: 'ada', items: [1, 2, 3] },
    );
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    const code = result.steps.find((s) => s.stepId === 'calc');
    expect(code).toMatchObject({ status: 'succeeded', output: { shout: 'ADA', n: 3 }, logs: ['[console.log] computing'], input: null });
    expect(result.steps.at(-1)?.output).toEqual({ text: 'ADA x3' });
  });

  it('a code error fails the run with the user line', async () => {
    const { opts } = options([{ type: 'code', id: 'calc', source: 'const a = 1;\nthrow new Error("nope");' }], {});
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'code', stepId: 'calc', message: expect.stringMatching(/^Error: nope \(line 2, column \d+\)$/) });
    expect(result.summary).toMatch(/^Failed at "Code": Error: nope \(line 2/);
  });
});

describe('testRun', () => {
  it('returns every step with input and output, unreached steps as skipped, and never defers', async () => {
    const connector = testConnector();
    const result = await testRun({
      definition: definition([
        { type: 'code', id: 'calc', source: 'return { double: input.trigger.n * 2 };' },
        { type: 'path', id: 'p', branches: [{ id: 'small', name: 'Small', conditions: { all: [rule('{{steps.calc.double}}', 'lt', '10')] }, steps: [echo('small_step', 'small')] }], otherwise: [echo('big_step', 'big {{steps.calc.double}}')] },
        { type: 'action', id: 'flaky', connector: 'crm', action: 'flaky', input: {}, onError: 'continue' },
      ]),
      sampleEvent: { data: { n: 21 } },
      registry: connector.registry,
      connections: connector.connections,
      overrides: { sleep: async () => {}, retryBudgets: { standard: { retries: 1, maxWaitMs: 10 } } },
    });
    expect(result.status).toBe('succeeded');
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([['calc', 'succeeded'], ['p', 'succeeded'], ['big_step', 'succeeded'], ['flaky', 'succeeded'], ['small_step', 'skipped']]);
    expect(result.steps[0]?.input).toEqual({ trigger: { n: 21 }, steps: {} });
    expect(result.steps[2]).toMatchObject({ input: { text: 'big 42' }, output: { text: 'big 42' } });
  });

  it('fails instead of deferring when a retryable error outlasts the budget', async () => {
    const connector = testConnector();
    connector.calls.flakyErrors.push(serverError(), serverError(), serverError());
    const result = await testRun({
      definition: definition([{ type: 'action', id: 'flaky', connector: 'crm', action: 'flaky', input: {} }]),
      sampleEvent: { data: {} },
      registry: connector.registry,
      connections: connector.connections,
      overrides: { sleep: async () => {}, retryBudgets: { standard: { retries: 1, maxWaitMs: 60_000 } } },
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'server', retryable: true, stepId: 'flaky' });
    expect(connector.calls.count.flaky).toBe(2);
  });
});
