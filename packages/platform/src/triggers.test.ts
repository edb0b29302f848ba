import { describe, expect, it } from 'vitest';
import { custify } from '@konnect/connector-custify';
import { schedule } from '@konnect/connector-scheduler';
import type { KonnectorDefinition } from '@konnect/schemas';
import type { PollingTrigger } from '@konnect/sdk';
import { AppError } from './errors';
import { scheduledTime } from './schedule';
import { intervalPattern, isWeekend, pollIntervalMs, scheduleSpec } from './triggers';

const personCreated = custify.triggers.find((t) => t.key === 'person_created');
const definition = (pollSeconds?: number): KonnectorDefinition => ({
  trigger: { id: 'trigger', connector: 'custify', event: 'person_created', input: {}, ...(pollSeconds ? { pollSeconds } : {}) },
  steps: [],
});

describe('pollIntervalMs', () => {
  it("takes the definition's interval, else the trigger's, else 60 s, never below 10 s", () => {
    if (!personCreated) throw new Error('custify person_created missing');
    expect(pollIntervalMs(definition(30), personCreated)).toBe(30_000);
    expect(pollIntervalMs(definition(), personCreated)).toBe((personCreated.kind === 'polling' ? personCreated.pollSeconds ?? 60 : 60) * 1000);
    const eager = { ...personCreated, pollSeconds: 2 } as PollingTrigger;
    expect(pollIntervalMs(definition(), eager)).toBe(10_000);
    const silent = { ...personCreated, pollSeconds: undefined } as PollingTrigger;
    expect(pollIntervalMs(definition(), silent)).toBe(60_000);
  });
});

describe('schedules', () => {
  it('maps cron mode to a pattern in the time zone', () => {
    expect(scheduleSpec(schedule, { mode: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Paris' })).toEqual({
      repeat: { pattern: '0 9 * * 1-5', tz: 'Europe/Paris' },
      timezone: 'Europe/Paris',
      skipWeekends: false,
    });
  });

  it('maps interval mode to an exact pattern where cron can say it, else a minute tick', () => {
    expect(intervalPattern(1)).toBe('* * * * *');
    expect(intervalPattern(15)).toBe('*/15 * * * *');
    expect(intervalPattern(60)).toBe('0 * * * *');
    expect(intervalPattern(180)).toBe('0 */3 * * *');
    expect(intervalPattern(1440)).toBe('0 0 * * *');
    expect(intervalPattern(7)).toBe('* * * * *');
    expect(intervalPattern(300)).toBe('* * * * *');
    expect(scheduleSpec(schedule, { mode: 'interval', everyMinutes: 15, skipWeekends: true }).repeat).toEqual({ pattern: '*/15 * * * *', tz: 'UTC' });
  });

  it('refuses a bad schedule with a message naming the field', () => {
    const err: unknown = (() => {
      try {
        return scheduleSpec(schedule, { mode: 'cron', cron: 'every day' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/cron/);
  });

  it('judges weekends in the time zone', () => {
    const saturdayEarlyUtc = new Date('2026-11-28T02:00:00Z'); // Friday evening in New York
    expect(isWeekend(saturdayEarlyUtc, 'UTC')).toBe(true);
    expect(isWeekend(saturdayEarlyUtc, 'America/New_York')).toBe(false);
    expect(isWeekend(new Date('2026-11-25T12:00:00Z'), 'Asia/Tokyo')).toBe(false);
  });

  it("reads a tick's scheduled time from the BullMQ job", () => {
    expect(scheduledTime({ id: 'repeat:s:1700000000000', opts: { prevMillis: 1700000000000 }, timestamp: 1, delay: 0 }).getTime()).toBe(1700000000000);
    expect(scheduledTime({ id: 'repeat:s:1700000060000', opts: {}, timestamp: 1, delay: 0 }).getTime()).toBe(1700000060000);
    expect(scheduledTime({ id: 'x', opts: {}, timestamp: 1000, delay: 500 }).getTime()).toBe(1500);
  });
});
