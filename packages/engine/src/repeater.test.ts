import { describe, expect, it } from 'vitest';
import { execute } from './execute';
import { definition, memoryCheckpoints, noSleep, testConnector } from './test-fixtures';

function run(steps: unknown[], data: Record<string, unknown>) {
  const connector = testConnector();
  const checkpoints = memoryCheckpoints();
  return {
    connector,
    checkpoints,
    result: execute({ runId: 'rep', definition: definition(steps), event: { key: 'e', data }, registry: connector.registry, connections: connector.connections, checkpoints, sleep: noSleep }),
  };
}

const echo = (id: string, text: string, extra: Record<string, unknown> = {}) => ({ type: 'action', id, connector: 'crm', action: 'echo', input: { text }, ...extra });
const repeater = (id: string, items: string, steps: unknown[], maxIterations?: number) => ({ type: 'repeater', id, items, steps, ...(maxIterations ? { maxIterations } : {}) });

describe('repeater', () => {
  it('runs its steps once per item with loop.item / loop.index and records each iteration', async () => {
    const { result, connector } = run(
      [repeater('each', '{{trigger.lines}}', [echo('line', '{{loop.index}}:{{loop.item.sku}} of {{trigger.order}}'), echo('again', '{{steps.line.text}}!')]), echo('after', 'count={{steps.each.count}} last={{steps.each.items[2].text}}')],
      { order: 'o1', lines: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }] },
    );
    const r = await result;
    expect(r.status).toBe('succeeded');
    expect(r.steps.map((s) => `${s.stepId}@${s.iteration}`)).toEqual(['line@0', 'again@0', 'line@1', 'again@1', 'line@2', 'again@2', 'each@', 'after@']);
    expect(r.steps.find((s) => s.stepId === 'each')?.output).toEqual({ count: 3, items: [{ text: '0:A of o1!' }, { text: '1:B of o1!' }, { text: '2:C of o1!' }] });
    expect(r.steps.at(-1)?.output).toEqual({ text: 'count=3 last=2:C of o1!' });
    expect(connector.calls.log.filter((c) => c.action === 'echo').slice(0, 2).map((c) => c.idempotencyKey)).toEqual(['rep:line:0', 'rep:again:0']);
  });

  it('nests repeaters with iteration paths like 1/0', async () => {
    const { result, connector } = run(
      [repeater('orders', '{{trigger.orders}}', [repeater('lines', '{{loop.item.lines}}', [echo('line', '{{loop.index}}={{loop.item}}')])])],
      { orders: [{ lines: ['a'] }, { lines: ['b', 'c'] }] },
    );
    const r = await result;
    expect(r.steps.map((s) => `${s.stepId}@${s.iteration}`)).toEqual(['line@0/0', 'lines@0', 'line@1/0', 'line@1/1', 'lines@1', 'orders@']);
    expect(connector.calls.log.map((c) => c.idempotencyKey)).toEqual(['rep:line:0/0', 'rep:line:1/0', 'rep:line:1/1']);
    expect(r.steps.at(-1)?.output).toEqual({ count: 2, items: [{ count: 1, items: [{ text: '0=a' }] }, { count: 2, items: [{ text: '0=b' }, { text: '1=c' }] }] });
  });

  it('processes the first maxIterations items and logs a warning', async () => {
    const { result, connector } = run([repeater('each', '{{trigger.items}}', [echo('e', '{{loop.item}}')], 2)], { items: [1, 2, 3, 4, 5] });
    const r = await result;
    expect(r.status).toBe('succeeded');
    expect(connector.calls.count.echo).toBe(2);
    const record = r.steps.at(-1);
    expect(record).toMatchObject({ stepId: 'each', output: { count: 2 }, input: { items: 5, processed: 2 } });
    expect(record?.logs).toEqual(['warning: 5 items but maxIterations is 2; only the first 2 were processed']);
  });

  it('fails clearly when items is not a list', async () => {
    const r = await run([repeater('each', '{{trigger.items}}', [echo('e', 'x')])], { items: 'abc' }).result;
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ kind: 'config', stepId: 'each', message: 'Items {{trigger.items}} must be a list, got "abc"' });
    const missing = await run([repeater('each', '{{trigger.nope}}', [echo('e', 'x')])], {}).result;
    expect(missing.error?.message).toBe('Items {{trigger.nope}} must be a list, got missing');
    expect(missing.steps[0]?.logs).toEqual(['missing: trigger.nope']);
  });

  it('a filter inside ends only its iteration', async () => {
    const r = await run(
      [repeater('each', '{{trigger.items}}', [{ type: 'filter', id: 'big', conditions: { all: [{ left: '{{loop.item}}', op: 'gt', right: '2' }] } }, echo('e', '{{loop.item}}')]), echo('after', 'done')],
      { items: [1, 5, 2, 7] },
    ).result;
    expect(r.status).toBe('succeeded');
    expect(r.steps.filter((s) => s.stepId === 'e').map((s) => s.iteration)).toEqual(['1', '3']);
    expect(r.steps.filter((s) => s.stepId === 'big').map((s) => s.status)).toEqual(['filtered', 'succeeded', 'filtered', 'succeeded']);
    expect(r.steps.find((s) => s.stepId === 'each')?.output).toMatchObject({ count: 4, items: [{ passed: false, reason: '"Item" (1) is not greater than 2' }, { text: '5' }, expect.anything(), { text: '7' }] });
  });

  it('a failure inside with onError stop ends the run failed; with continue the loop goes on', async () => {
    const stop = await run([repeater('each', '{{trigger.items}}', [{ type: 'action', id: 'r', connector: 'crm', action: 'reject', input: { email: '{{loop.item}}' } }])], { items: ['a', 'b'] }).result;
    expect(stop.status).toBe('failed');
    expect(stop.error).toMatchObject({ stepId: 'r', iteration: '0' });
    expect(stop.steps.map((s) => `${s.stepId}@${s.iteration}:${s.status}`)).toEqual(['r@0:failed', 'each@:failed']);
    const goOn = await run([repeater('each', '{{trigger.items}}', [{ type: 'action', id: 'r', connector: 'crm', action: 'reject', input: { email: '{{loop.item}}' }, onError: 'continue' }])], { items: ['a', 'b'] }).result;
    expect(goOn.status).toBe('partial');
    expect(goOn.steps.map((s) => `${s.stepId}@${s.iteration}:${s.status}`)).toEqual(['r@0:failed', 'r@1:failed', 'each@:succeeded']);
  });

  it('code inside a repeater sees loop', async () => {
    const r = await run([repeater('each', '{{trigger.items}}', [{ type: 'code', id: 'sq', source: 'return { sq: input.loop.item * input.loop.item, i: input.loop.index };' }])], { items: [2, 3] }).result;
    expect(r.steps.at(-1)?.output).toEqual({ count: 2, items: [{ sq: 4, i: 0 }, { sq: 9, i: 1 }] });
  });
});
