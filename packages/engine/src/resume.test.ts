import type { StepRecord } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import { execute } from './execute';
import { CheckpointError } from './run-state';
import { definition, memoryCheckpoints, noSleep, testConnector } from './test-fixtures';
import type { ExecuteOptions } from './types';

const echo = (id: string, text: string) => ({ type: 'action', id, connector: 'crm', action: 'echo', input: { text } });

const STEPS = [
  echo('a1', 'start {{trigger.name}}'),
  { type: 'code', id: 'calc', source: 'return { n: input.trigger.items.length };' },
  { type: 'filter', id: 'f', conditions: { all: [{ left: '{{steps.calc.n}}', op: 'gt', right: '0' }] } },
  echo('a2', 'n={{steps.calc.n}}'),
  { type: 'repeater', id: 'each', items: '{{trigger.items}}', steps: [echo('item', '{{loop.item}}')] },
  {
    type: 'path',
    id: 'route',
    branches: [{ id: 'many', name: 'Many', conditions: { all: [{ left: '{{steps.each.count}}', op: 'gte', right: '2' }] }, steps: [echo('a3', 'many')] }],
  },
];
const DATA = { name: 'Ada', items: ['x', 'y'] };

function options(checkpoints: ReturnType<typeof memoryCheckpoints>, connector: ReturnType<typeof testConnector>, extra: Partial<ExecuteOptions> = {}): ExecuteOptions {
  return { runId: 'run9', definition: definition(STEPS), event: { key: 'e', data: DATA }, registry: connector.registry, connections: connector.connections, checkpoints, sleep: noSleep, ...extra };
}

function callsByKey(connector: ReturnType<typeof testConnector>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const call of connector.calls.log) out[call.idempotencyKey] = (out[call.idempotencyKey] ?? 0) + 1;
  return out;
}

describe('resume after a crash', () => {
  it('a crash between steps: the second execution reuses saved records and runs no action twice', async () => {
    const connector = testConnector();
    // Saves: a1, calc, f (flushed before a2), a2, item@0, item@1, each, route (flushed before a3), a3.
    const checkpoints = memoryCheckpoints({ crashOnSave: 3 });
    await expect(execute(options(checkpoints, connector))).rejects.toThrow(CheckpointError);
    expect(checkpoints.saved.map((r) => r.stepId)).toEqual(['a1', 'calc']);
    expect(connector.calls.count.echo).toBe(1);
    checkpoints.crashOnSave = undefined;
    const emitted: StepRecord[] = [];
    const second = await execute(options(checkpoints, connector, { onStep: (r) => emitted.push(r) }));
    expect(second.status).toBe('succeeded');
    expect(Object.values(callsByKey(connector)).every((n) => n === 1)).toBe(true);
    expect(callsByKey(connector)).toEqual({ 'run9:a1:': 1, 'run9:a2:': 1, 'run9:item:0': 1, 'run9:item:1': 1, 'run9:a3:': 1 });
    expect(second.steps.map((s) => s.stepId)).toEqual(['a1', 'calc', 'f', 'a2', 'item', 'item', 'each', 'route', 'a3']);
    expect(emitted.map((r) => r.stepId)).toEqual(['f', 'a2', 'item', 'item', 'each', 'route', 'a3']);
    expect(second.steps.at(-1)?.stepId).toBe('a3');
  });

  it('for every crash point, only an action whose own record was lost can run twice', async () => {
    const reference = memoryCheckpoints();
    const refConnector = testConnector();
    await execute(options(reference, refConnector));
    const totalSaves = reference.saves;
    expect(totalSaves).toBe(9);
    for (let n = 1; n <= totalSaves; n++) {
      const connector = testConnector();
      const checkpoints = memoryCheckpoints({ crashOnSave: n });
      await expect(execute(options(checkpoints, connector))).rejects.toThrow(CheckpointError);
      checkpoints.crashOnSave = undefined;
      const result = await execute(options(checkpoints, connector));
      expect(result.status, `crash on save ${n}`).toBe('succeeded');
      const lost = reference.saved[n - 1] as StepRecord;
      const calls = callsByKey(connector);
      for (const [key, count] of Object.entries(calls)) {
        const inFlight = lost.type === 'action' && key === `run9:${lost.stepId}:${lost.iteration}`;
        expect(count, `crash on save ${n} (${lost.stepId}), ${key}`).toBe(inFlight ? 2 : 1);
      }
      expect(Object.keys(calls)).toHaveLength(5);
      expect(checkpoints.saved.map((r) => `${r.stepId}@${r.iteration}`).sort()).toEqual(reference.saved.map((r) => `${r.stepId}@${r.iteration}`).sort());
    }
  });

  it('the record of a read-only action waits like that of a pure step: nothing is saved before the next writing action', async () => {
    const connector = testConnector();
    const lookup = (id: string) => ({ type: 'action', id, connector: 'crm', action: 'lookup', input: { text: '{{trigger.name}}' } });
    const checkpoints = memoryCheckpoints({ crashOnSave: 1 });
    const steps = [lookup('l1'), lookup('l2'), echo('a1', 'after {{steps.l2.found}}')];
    await expect(execute(options(checkpoints, connector, { definition: definition(steps) }))).rejects.toThrow(CheckpointError);
    // The first save comes once both lookups ran, just before the writing action (saved one by one,
    // l1's record would have been the first save, before l2 ran).
    expect(connector.calls.count.lookup).toBe(2);
    expect(connector.calls.count.echo ?? 0).toBe(0);
    checkpoints.crashOnSave = undefined;
    const done = await execute(options(checkpoints, connector, { definition: definition(steps) }));
    expect(done.status).toBe('succeeded');
    expect(checkpoints.saved.map((r) => r.stepId)).toEqual(['l1', 'l2', 'a1']);
  });

  it('a crash inside a repeater resumes at the next iteration', async () => {
    const connector = testConnector();
    const checkpoints = memoryCheckpoints({ crashOnSave: 6 });
    await expect(execute(options(checkpoints, connector))).rejects.toThrow(CheckpointError);
    expect(checkpoints.saved.map((r) => `${r.stepId}@${r.iteration}`)).toEqual(['a1@', 'calc@', 'f@', 'a2@', 'item@0']);
    checkpoints.crashOnSave = undefined;
    const result = await execute(options(checkpoints, connector));
    expect(result.status).toBe('succeeded');
    expect(callsByKey(connector)['run9:item:0']).toBe(1);
    expect(callsByKey(connector)['run9:item:1']).toBe(2);
    expect(result.steps.find((s) => s.stepId === 'each')?.output).toEqual({ count: 2, items: [{ text: 'x' }, { text: 'y' }] });
  });

  it('a resumed run follows the saved path decision, even if the condition would now differ', async () => {
    const steps = [
      { type: 'path', id: 'p', branches: [{ id: 'recent', name: 'Recent', conditions: { all: [{ left: '{{trigger.at}}', op: 'within_last_days', right: '1' }] }, steps: [echo('x', 'first'), echo('y', 'second')] }], otherwise: [echo('z', 'old')] },
    ];
    const connector = testConnector();
    const checkpoints = memoryCheckpoints({ crashOnSave: 3 });
    const at = Date.parse('2026-01-01T00:00:00Z');
    const base = { runId: 'p1', definition: definition(steps), event: { key: 'e', data: { at } }, registry: connector.registry, connections: connector.connections, checkpoints };
    await expect(execute({ ...base, now: () => at + 1000 })).rejects.toThrow(CheckpointError);
    checkpoints.crashOnSave = undefined;
    const later = await execute({ ...base, now: () => at + 10 * 86_400_000 });
    expect(later.status).toBe('succeeded');
    expect(later.steps.map((s) => s.stepId)).toEqual(['p', 'x', 'y']);
    expect(connector.calls.count.echo).toBe(3);
  });

  it('a saved filtered run stays filtered on resume without running anything', async () => {
    const connector = testConnector();
    const checkpoints = memoryCheckpoints();
    const steps = [{ type: 'filter', id: 'f', conditions: { all: [{ left: '{{trigger.ok}}', op: 'is_true' }] } }, echo('a', 'x')];
    const base = { runId: 'f1', definition: definition(steps), event: { key: 'e', data: { ok: false } }, registry: connector.registry, connections: connector.connections, checkpoints };
    expect((await execute(base)).status).toBe('filtered');
    const again = await execute({ ...base, event: { key: 'e', data: { ok: true } } });
    expect(again).toMatchObject({ status: 'filtered', filteredReason: '"Ok" (false) is not true' });
    expect(connector.calls.count.echo).toBeUndefined();
  });
});
