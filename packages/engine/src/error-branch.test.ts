import { describe, expect, it } from 'vitest';
import { CheckpointError } from './run-state';
import { execute } from './execute';
import { availableFields } from './fields';
import { KonnectorDefinition } from '@konnect/schemas';
import { definition, memoryCheckpoints, noSleep, serverError, testConnector } from './test-fixtures';
import { testRun } from './test-run';
import type { ExecuteOptions } from './types';

const echo = (id: string, text: string, extra: Record<string, unknown> = {}) => ({ type: 'action', id, connector: 'crm', action: 'echo', input: { text }, ...extra });
const reject = (id: string, errorSteps: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'action',
  id,
  name: 'Create lead',
  connector: 'crm',
  action: 'reject',
  input: { email: '{{trigger.email}}' },
  onError: 'branch',
  errorSteps,
  ...extra,
});
const fail = (id: string, message: string) => ({ type: 'fail', id, message });

function setup(steps: unknown[], data: Record<string, unknown> = { email: 'ada@example.com' }, extra: Partial<ExecuteOptions> = {}) {
  const connector = testConnector();
  const checkpoints = memoryCheckpoints();
  const opts = { runId: 'run1', definition: definition(steps), event: { key: 'e1', data }, registry: connector.registry, connections: connector.connections, checkpoints, sleep: noSleep, ...extra } satisfies ExecuteOptions;
  return { connector, checkpoints, opts };
}

describe('error branch', () => {
  it('runs the branch with the error in scope, skips the main path after the action and ends partial', async () => {
    const { opts, connector } = setup([
      reject('lead', [echo('tell', '{{error.stepName}} ({{error.step}}) failed with {{error.status}} {{error.kind}}: {{error.message}}'), echo('status', '{{error.status}}')]),
      echo('after', 'main path'),
    ]);
    const result = await execute(opts);
    expect(result.status).toBe('partial');
    expect(result.error).toMatchObject({ stepId: 'lead', status: 422, message: 'email already taken' });
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([['lead', 'failed'], ['tell', 'succeeded'], ['status', 'succeeded']]);
    expect(result.steps[0]?.error?.exchange?.response?.status).toBe(422);
    expect(result.steps[1]?.output).toEqual({ text: 'Create lead (lead) failed with 422 validation: email already taken' });
    expect(result.steps[2]?.input).toEqual({ text: '422' });
    expect(connector.calls.count.echo).toBe(2);
    expect(result.summary).toBe('Partial: "Create lead" failed and its error branch ran; 2 steps succeeded (2 actions); error: email already taken');
  });

  it('spends the retries first: the branch runs once the action has failed for good', async () => {
    const { opts, connector } = setup([
      { type: 'action', id: 'flaky', connector: 'crm', action: 'flaky', input: {}, onError: 'branch', errorSteps: [echo('tell', 'gave up after: {{error.message}}')] },
    ]);
    connector.calls.flakyErrors.push(serverError(), serverError(), serverError());
    const result = await execute(opts);
    expect(connector.calls.count.flaky).toBe(3);
    expect(result.status).toBe('partial');
    expect(result.steps.map((s) => [s.stepId, s.status, s.attempts])).toEqual([['flaky', 'failed', 3], ['tell', 'succeeded', 1]]);
    expect(result.steps[1]?.output).toEqual({ text: 'gave up after: service unavailable' });
  });

  it('does not run the branch while the action is being deferred; it runs once the deferred attempts are spent', async () => {
    const long = 60_000;
    const first = setup([{ type: 'action', id: 'flaky', connector: 'crm', action: 'flaky', input: {}, onError: 'branch', errorSteps: [echo('tell', 'x')] }]);
    first.connector.calls.flakyErrors.push(serverError(long));
    const deferred = await execute(first.opts);
    expect(deferred.status).toBe('deferred');
    expect(first.connector.calls.count.echo).toBeUndefined();
    expect(deferred.steps.map((s) => s.stepId)).toEqual(['flaky']);
    // Each later execution (the platform re-enqueues a deferred run) spends one more attempt.
    first.connector.calls.flakyErrors.push(serverError(long), serverError(long));
    expect((await execute(first.opts)).status).toBe('deferred');
    const last = await execute(first.opts);
    expect(first.connector.calls.count).toEqual({ flaky: 3, echo: 1 });
    expect(last.status).toBe('partial');
    expect(last.steps.map((s) => [s.stepId, s.status, s.attempts])).toEqual([['flaky', 'failed', 3], ['tell', 'succeeded', 1]]);
  });

  it('a failing branch step fails the run with its own error', async () => {
    const { opts } = setup([reject('lead', [reject('again', [], { onError: 'stop', errorSteps: undefined })])]);
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ stepId: 'again', kind: 'validation' });
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([['lead', 'failed'], ['again', 'failed']]);
  });

  it('Fail run ends the run failed with its rendered message (kind failed_by_step)', async () => {
    const { opts } = setup([reject('lead', [echo('tell', 'x'), fail('stop', 'Could not create the lead for {{trigger.email}}: {{error.message}}')]), echo('after', 'x')]);
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ kind: 'failed_by_step', message: 'Could not create the lead for ada@example.com: email already taken', stepId: 'stop', retryable: false });
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([['lead', 'failed'], ['tell', 'succeeded'], ['stop', 'failed']]);
    expect(result.steps[2]?.output).toEqual({ message: 'Could not create the lead for ada@example.com: email already taken' });
    expect(result.summary).toBe('Failed at "Fail run": Could not create the lead for ada@example.com: email already taken');
  });

  it('Fail run works outside error branches too', async () => {
    const { opts, connector } = setup([echo('a', 'x'), fail('stop', 'Not for {{trigger.email}}'), echo('b', 'never')]);
    const result = await execute(opts);
    expect(result).toMatchObject({ status: 'failed', error: { kind: 'failed_by_step', message: 'Not for ada@example.com', stepId: 'stop' } });
    expect(connector.calls.count.echo).toBe(1);
  });

  it('a filter in the branch stops it; the run still ends partial (the failure was handled, and is visible)', async () => {
    const filter = { type: 'filter', id: 'only422', conditions: { all: [{ left: '{{error.status}}', op: 'eq', right: '500' }] } };
    const { opts, connector } = setup([reject('lead', [filter, echo('tell', 'x')])]);
    const result = await execute(opts);
    expect(result.status).toBe('partial');
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([['lead', 'failed'], ['only422', 'filtered']]);
    expect(connector.calls.count.echo).toBeUndefined();
  });

  it('inside a repeater: the branch ends only that iteration, the others go on', async () => {
    const repeater = {
      type: 'repeater',
      id: 'each',
      items: '{{trigger.people}}',
      steps: [
        echo('before', '{{loop.item.email}}'),
        reject('lead', [echo('tell', '#{{loop.index}}: {{error.message}}')], { input: { email: '{{loop.item.email}}' } }),
        echo('never', 'x'),
      ],
    };
    const { opts } = setup([repeater, echo('after', 'done')], { people: [{ email: 'a@x.io' }, { email: 'b@x.io' }] });
    const result = await execute(opts);
    expect(result.status).toBe('partial');
    expect(result.steps.filter((s) => s.stepId === 'tell').map((s) => [s.iteration, s.output])).toEqual([
      ['0', { text: '#0: email already taken' }],
      ['1', { text: '#1: email already taken' }],
    ]);
    expect(result.steps.some((s) => s.stepId === 'never')).toBe(false);
    expect(result.steps.find((s) => s.stepId === 'after')?.status).toBe('succeeded');
  });

  it('inside a path branch: the branch runs and the path does not go on', async () => {
    const path = {
      type: 'path',
      id: 'p',
      branches: [{ id: 'b1', name: 'Leads', conditions: { all: [{ left: '{{trigger.email}}', op: 'exists' }] }, steps: [reject('lead', [echo('tell', '{{error.message}}')]), echo('in_branch', 'x')] }],
    };
    const { opts } = setup([path, echo('after', 'x')]);
    const result = await execute(opts);
    expect(result.status).toBe('partial');
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([['p', 'succeeded'], ['lead', 'failed'], ['tell', 'succeeded']]);
  });

  it('resumes after a crash inside the branch without sending the failed action or finished branch steps again', async () => {
    const steps = [reject('lead', [echo('one', '{{error.message}}'), echo('two', 'second')])];
    const { opts, connector, checkpoints } = setup(steps);
    // Saves: lead (failed), one, two → crash while saving "two", after "one" was sent and saved.
    checkpoints.crashOnSave = 3;
    await expect(execute(opts)).rejects.toBeInstanceOf(CheckpointError);
    expect(connector.calls.count).toEqual({ reject: 1, echo: 2 });
    checkpoints.crashOnSave = undefined;
    const resumed = await execute(opts);
    expect(resumed.status).toBe('partial');
    expect(connector.calls.count).toEqual({ reject: 1, echo: 3 });
    expect(connector.calls.log.filter((c) => c.action === 'echo').map((c) => (c.input as { text: string }).text)).toEqual(['email already taken', 'second', 'second']);
    expect(resumed.steps.map((s) => [s.stepId, s.status])).toEqual([['lead', 'failed'], ['one', 'succeeded'], ['two', 'succeeded']]);
  });

  it('a test run runs the branch too; branch steps of an action that succeeded are listed as skipped', async () => {
    const connector = testConnector();
    const failing = await testRun({ definition: definition([reject('lead', [echo('tell', '{{error.message}}')])]), sampleEvent: { data: { email: 'a@x.io' } }, registry: connector.registry, connections: connector.connections, overrides: { sleep: noSleep } });
    expect(failing.status).toBe('partial');
    expect(failing.steps.map((s) => [s.stepId, s.status])).toEqual([['lead', 'failed'], ['tell', 'succeeded']]);
    const passing = await testRun({
      definition: definition([echo('ok', 'x', { onError: 'branch', errorSteps: [echo('tell', 'x')] })]),
      sampleEvent: { data: {} },
      registry: connector.registry,
      connections: connector.connections,
    });
    expect(passing.status).toBe('succeeded');
    expect(passing.steps.map((s) => [s.stepId, s.status])).toEqual([['ok', 'succeeded'], ['tell', 'skipped']]);
  });

  it('offers error.* to the data picker inside the error branch only', () => {
    const def = KonnectorDefinition.parse(definition([echo('first', 'x'), reject('lead', [echo('tell', 'x')]), echo('after', 'x')]));
    const inside = availableFields(def, 'tell', { trigger: { email: 'a@x.io' }, steps: { first: { text: 'x' }, lead: { id: 1 } } });
    expect(inside.filter((f) => f.ref.startsWith('error.')).map((f) => [f.ref, f.source])).toEqual([
      ['error.message', 'lead'],
      ['error.status', 'lead'],
      ['error.step', 'lead'],
      ['error.stepName', 'lead'],
      ['error.kind', 'lead'],
    ]);
    expect(inside.some((f) => f.ref.startsWith('steps.first'))).toBe(true);
    expect(inside.some((f) => f.ref.startsWith('steps.lead'))).toBe(false);
    const after = availableFields(def, 'after', { trigger: {}, steps: { lead: { id: 1 } } });
    expect(after.some((f) => f.ref.startsWith('error.'))).toBe(false);
  });
});
