import { describe, expect, it } from 'vitest';
import { execute } from '../execute';
import { definition, memoryCheckpoints, noSleep, testConnector } from '../test-fixtures';
import type { ExecuteOptions } from '../types';

const echo = (id: string, text: string) => ({ type: 'action', id, connector: 'crm', action: 'echo', input: { text } });
const T0 = Date.parse('2026-12-07T10:00:00.000Z');

function setup(steps: unknown[], data: Record<string, unknown> = {}) {
  const connector = testConnector();
  const checkpoints = memoryCheckpoints();
  let now = T0;
  const run = (extra: Partial<ExecuteOptions> = {}) =>
    execute({ runId: 'r1', definition: definition(steps), event: { key: 'e', data }, registry: connector.registry, connections: connector.connections, checkpoints, sleep: noSleep, now: () => now, ...extra });
  return { connector, checkpoints, run, at: (t: number) => (now = t) };
}

describe('Delay step', () => {
  it('for 90 minutes: saves a waiting record and returns waiting; an early job waits again; the due job goes on once', async () => {
    const s = setup([echo('before', 'a'), { type: 'delay', id: 'wait', mode: 'for', amount: 90, unit: 'minutes' }, echo('after', 'took {{steps.wait.waitedMs}}')]);
    const first = await s.run();
    expect(first.status).toBe('waiting');
    expect(first.resumeAt).toBe(T0 + 90 * 60_000);
    expect(first.summary).toMatch(/^Waiting until 2026-12-07T11:30:00.000Z at "Delay": Delay 90 minutes/);
    const waiting = s.checkpoints.saved.find((r) => r.stepId === 'wait');
    expect(waiting).toMatchObject({ status: 'waiting', type: 'delay', output: { resumeAt: '2026-12-07T11:30:00.000Z' } });
    // A duplicate / early job: nothing runs, same time.
    s.at(T0 + 60 * 60_000);
    const early = await s.run();
    expect(early).toMatchObject({ status: 'waiting', resumeAt: T0 + 90 * 60_000 });
    expect(s.connector.calls.count.echo).toBe(1);
    // Due: the delay ends, the next action runs once, the earlier action is not repeated.
    s.at(T0 + 90 * 60_000 + 5);
    const done = await s.run();
    expect(done.status).toBe('succeeded');
    expect(s.connector.calls.log.map((c) => c.input)).toEqual([{ text: 'a' }, { text: `took ${90 * 60_000 + 5}` }]);
    expect(s.checkpoints.saved.find((r) => r.stepId === 'wait')).toMatchObject({ status: 'succeeded', output: { resumeAt: '2026-12-07T11:30:00.000Z', waitedMs: 90 * 60_000 + 5, resumedEarly: false } });
  });

  it('a woken waiting record (Resume now) ends the delay before its time', async () => {
    const s = setup([{ type: 'delay', id: 'wait', mode: 'for', amount: 2, unit: 'days' }, echo('after', 'x')]);
    expect((await s.run()).status).toBe('waiting');
    const saved = s.checkpoints.saved[0];
    if (!saved) throw new Error('no record');
    saved.output = { ...(saved.output as object), wokenAt: new Date(T0 + 1000).toISOString() };
    s.at(T0 + 1000);
    const done = await s.run();
    expect(done.status).toBe('succeeded');
    expect(s.checkpoints.saved[0]).toMatchObject({ status: 'succeeded', output: { resumedEarly: true, waitedMs: 1000 } });
  });

  it('until a date from data, read in the time zone; a past time goes on at once', async () => {
    const future = setup([{ type: 'delay', id: 'wait', mode: 'until', at: '{{trigger.due}}', timezone: 'Europe/Paris' }], { due: '2026-12-08 09:00' });
    const r = await future.run();
    expect(r.status).toBe('waiting');
    expect(new Date(r.resumeAt ?? 0).toISOString()).toBe('2026-12-08T08:00:00.000Z');
    expect(r.summary).toContain('Delay until 2026-12-08 09:00 (Europe/Paris)');

    const past = setup([{ type: 'delay', id: 'wait', mode: 'until', at: '{{trigger.due}}', timezone: 'UTC' }, echo('after', 'x')], { due: '2026-12-01T00:00:00Z' });
    const p = await past.run();
    expect(p.status).toBe('succeeded');
    expect(past.checkpoints.saved[0]?.logs.join(' ')).toMatch(/that time has passed/);
  });

  it('an unparseable date fails the step naming the value', async () => {
    const s = setup([{ type: 'delay', id: 'wait', mode: 'until', at: '{{trigger.due}}', timezone: 'UTC' }, echo('after', 'x')], { due: 'next tuesday-ish' });
    const r = await s.run();
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ kind: 'config', stepId: 'wait' });
    expect(r.error?.message).toContain('"next tuesday-ish"');
    expect(r.error?.message).toContain('{{trigger.due}}');
    expect(s.connector.calls.count.echo).toBeUndefined();
  });

  it('a test run does not wait and says so', async () => {
    const s = setup([{ type: 'delay', id: 'wait', mode: 'for', amount: 3, unit: 'days' }, echo('after', 'x')]);
    const r = await s.run({ mode: 'test' });
    expect(r.status).toBe('succeeded');
    const rec = r.steps.find((x) => x.stepId === 'wait');
    expect(rec?.status).toBe('succeeded');
    expect(rec?.logs.join(' ')).toMatch(/Test run: did not wait\. A live run would wait until 2026-12-10T10:00:00.000Z/);
  });

  it('inside a path and a repeater the waiting flow passes up; the resume continues in the same iteration', async () => {
    const s = setup(
      [
        {
          type: 'path',
          id: 'route',
          branches: [{ id: 'b', name: 'B', conditions: { all: [{ left: '1', op: 'equals', right: '1' }] }, steps: [
            { type: 'repeater', id: 'each', items: '{{trigger.items}}', steps: [echo('item', '{{loop.item}}'), { type: 'delay', id: 'wait', mode: 'for', amount: 1, unit: 'hours' }] },
          ] }],
        },
        echo('end', 'done'),
      ],
      { items: ['x', 'y'] },
    );
    const first = await s.run();
    expect(first).toMatchObject({ status: 'waiting', resumeAt: T0 + 3_600_000 });
    s.at(T0 + 3_600_000);
    const second = await s.run();
    expect(second).toMatchObject({ status: 'waiting', resumeAt: T0 + 2 * 3_600_000 });
    s.at(T0 + 2 * 3_600_000);
    const third = await s.run();
    expect(third.status).toBe('succeeded');
    expect(s.connector.calls.log.map((c) => c.input)).toEqual([{ text: 'x' }, { text: 'y' }, { text: 'done' }]);
  });

  it('the test-only scale shortens "for" waits', async () => {
    const s = setup([{ type: 'delay', id: 'wait', mode: 'for', amount: 1, unit: 'minutes' }]);
    const r = await s.run({ delayScale: 0.05 });
    expect(r.resumeAt).toBe(T0 + 3000);
  });
});
