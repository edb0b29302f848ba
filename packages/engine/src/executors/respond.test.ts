import { describe, expect, it } from 'vitest';
import { execute } from '../execute';
import { definition, memoryCheckpoints, testConnector } from '../test-fixtures';
import { testRun } from '../test-run';
import type { ExecuteOptions, HookAnswer } from '../types';

function setup(steps: unknown[], data: Record<string, unknown>, extra: Partial<ExecuteOptions> = {}) {
  const connector = testConnector();
  const checkpoints = memoryCheckpoints();
  const sent: HookAnswer[] = [];
  const respond = async (answer: HookAnswer) => {
    const first = sent[0];
    if (first) return { answeredBy: first.stepId };
    sent.push(answer);
    return { answeredBy: answer.stepId };
  };
  const opts: ExecuteOptions = { runId: 'run1', definition: definition(steps), event: { key: 'e1', data }, registry: connector.registry, connections: connector.connections, checkpoints, respond, ...extra };
  return { opts, sent, checkpoints, connector };
}

const respondStep = (id: string, extra: Record<string, unknown> = {}) => ({ type: 'respond', id, ...extra });

describe('Respond to Hook executor', () => {
  it('answers with the rendered JSON body, status and headers, and the run goes on', async () => {
    const { opts, sent, connector } = setup(
      [
        respondStep('answer', { status: 201, headers: { 'X-Order': '{{trigger.order}}' }, body: { kind: 'json', value: { ok: true, order: '{{trigger.order}}', items: '{{trigger.items}}' } } }),
        { type: 'action', id: 'after', connector: 'crm', action: 'echo', input: { text: 'answered {{steps.answer.status}}' } },
      ],
      { order: 17, items: [1, 2] },
    );
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(sent).toEqual([{ stepId: 'answer', iteration: '', status: 201, headers: { 'X-Order': '17' }, contentType: 'application/json; charset=utf-8', body: '{"ok":true,"order":17,"items":[1,2]}' }]);
    expect(connector.calls.log[0]?.input).toEqual({ text: 'answered 201' });
    const record = result.steps.find((s) => s.stepId === 'answer');
    expect(record).toMatchObject({ type: 'respond', status: 'succeeded', output: { status: 201, body: { ok: true, order: 17, items: [1, 2] }, sent: true } });
  });

  it('renders a text body with its content type', async () => {
    const { opts, sent } = setup([respondStep('answer', { body: { kind: 'text', value: '<p>Hi {{trigger.name}}</p>', contentType: 'text/html' } })], { name: 'Ada' });
    await execute(opts);
    expect(sent[0]).toMatchObject({ status: 200, contentType: 'text/html', body: '<p>Hi Ada</p>' });
  });

  it('a second Respond in the same run is skipped with the reason, and the run still succeeds', async () => {
    const { opts, sent } = setup([respondStep('first', { body: { kind: 'text', value: 'one' } }), respondStep('second', { body: { kind: 'text', value: 'two' } })], {});
    const result = await execute(opts);
    expect(result.status).toBe('succeeded');
    expect(sent.map((a) => a.body)).toEqual(['one']);
    const second = result.steps.find((s) => s.stepId === 'second');
    expect(second?.status).toBe('skipped');
    expect(second?.logs.join(' ')).toContain('already answered by step "first"');
  });

  it('a resumed run does not answer again: the saved record stands in for the step', async () => {
    const { opts, sent, checkpoints } = setup([respondStep('answer', { body: { kind: 'text', value: 'x' } }), { type: 'action', id: 'a', connector: 'crm', action: 'echo', input: { text: '{{steps.answer.body}}' } }], {});
    await execute(opts);
    expect(sent).toHaveLength(1);
    const again = await execute({ ...opts, checkpoints });
    expect(again.status).toBe('succeeded');
    expect(sent).toHaveLength(1);
  });

  it('refuses a header value with a line break (no header injection) and fails the step naming the header', async () => {
    const { opts, sent } = setup([respondStep('answer', { headers: { 'X-Note': '{{trigger.note}}' } })], { note: 'a\r\nSet-Cookie: x=1' });
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('Header X-Note');
    expect(sent).toHaveLength(0);
  });

  it('leaves out the body of a 204 and says so', async () => {
    const { opts, sent } = setup([respondStep('answer', { status: 204, body: { kind: 'text', value: 'ignored' } })], {});
    const result = await execute(opts);
    expect(sent[0]).toMatchObject({ status: 204, body: '' });
    expect(result.steps[0]?.logs.join(' ')).toContain('carries no body');
  });

  it('a delivery failure fails the step with the reason', async () => {
    const { opts } = setup([respondStep('answer')], {}, {
      respond: async () => {
        throw new Error('database unreachable');
      },
    });
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ stepId: 'answer', message: 'The answer could not be delivered: database unreachable' });
  });

  it('a test run sends nothing (even with a responder) and records the answer it would give', async () => {
    const { opts, sent } = setup([respondStep('answer', { body: { kind: 'json', value: { n: '{{trigger.n}}' } } })], { n: 3 }, { mode: 'test' });
    const result = await execute(opts);
    expect(sent).toHaveLength(0);
    expect(result.steps[0]).toMatchObject({ status: 'succeeded', output: { status: 200, body: { n: 3 }, sent: false } });
    expect(result.steps[0]?.logs).toContain('Test run: nothing was sent; this is the answer the caller would get');
    const connector = testConnector();
    const viaTestRun = await testRun({ definition: definition([respondStep('answer')]), sampleEvent: { data: {} }, registry: connector.registry, connections: connector.connections });
    expect(viaTestRun.steps[0]).toMatchObject({ status: 'succeeded', output: { status: 200, body: {}, sent: false } });
  });

  it('refuses a body over the limit', async () => {
    const { opts } = setup([respondStep('answer', { body: { kind: 'text', value: '{{trigger.big}}' } })], { big: 'x'.repeat(1024 * 1024 + 1) });
    const result = await execute(opts);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/at most 1024 KB/);
  });
});
