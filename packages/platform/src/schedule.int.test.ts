/** The Scheduler trigger: activation registers a BullMQ cron scheduler; ticks fire once each. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerConnector } from '@konnect/connector-scheduler';
import { createRegistry } from '@konnect/sdk';
import { activate, deactivate } from './activation';
import { processSchedule } from './schedule';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';
import { scheduleSchedulerId } from './triggers';

let t: TestPlatform;
let workspaceId: string;

beforeAll(async () => {
  t = await testPlatform('schedule', createRegistry([schedulerConnector]));
  workspaceId = await createWorkspace(t.db);
});
afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
});

describe('Scheduler trigger', () => {
  it('registers a cron scheduler, fires a tick once, and skips weekends and off-schedule ticks', async () => {
    const id = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'scheduler', event: 'schedule', input: { mode: 'cron', cron: '0 9 * * *', timezone: 'Europe/Paris', skipWeekends: true } },
      steps: [{ type: 'code', id: 'noop', source: 'return {};' }],
    });
    expect((await activate(t.p, workspaceId, id)).trigger).toBe('schedule');
    const scheduler = await t.p.queues.queue('schedule').getJobScheduler(scheduleSchedulerId(id));
    expect(scheduler).toMatchObject({ pattern: '0 9 * * *', tz: 'Europe/Paris' });

    const job = { workspaceId, konnectorId: id };
    const wednesday9 = new Date('2026-11-25T08:00:00Z'); // 09:00 in Paris
    const fired = await processSchedule(t.p, job, wednesday9);
    expect(fired).toMatchObject({ status: 'fired' });
    // A second worker (or a restart) handling the same tick creates nothing.
    expect(await processSchedule(t.p, job, wednesday9)).toEqual({ status: 'fired', runId: null });
    const runs = await t.db.run.findMany({ where: { konnectorId: id } });
    expect(runs.map((r) => r.eventKey)).toEqual([wednesday9.toISOString()]);

    expect(await processSchedule(t.p, job, new Date('2026-11-28T08:00:00Z'))).toEqual({ status: 'skipped', reason: 'weekend' });
    expect((await processSchedule(t.p, job, new Date('2026-11-25T09:00:00Z'))).status).toBe('skipped');

    await deactivate(t.p, workspaceId, id);
    expect(await t.p.queues.queue('schedule').getJobScheduler(scheduleSchedulerId(id))).toBeUndefined();
    expect((await processSchedule(t.p, job, new Date('2026-11-26T08:00:00Z'))).status).toBe('skipped');
  });
});
