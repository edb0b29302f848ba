import { ConnectorError, describeConnector, parseInput, runSample } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import { MAX_FIRES, nextFireTimes } from './fires';
import { scheduleInput, type ScheduleInput } from './input';
import { schedulerConnector } from './index';
import { fireEvent, schedule } from './schedule';

const input = (raw: Record<string, unknown>): ScheduleInput => scheduleInput.parse(raw);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

function issues(raw: Record<string, unknown>) {
  const result = scheduleInput.safeParse(raw);
  expect(result.success).toBe(false);
  return result.error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [];
}

describe('schedule input', () => {
  it('defaults to UTC, interval mode and weekends included', () => {
    expect(input({ everyMinutes: 5 })).toEqual({ mode: 'interval', everyMinutes: 5, timezone: 'UTC', skipWeekends: false });
  });

  it('names the cron field for an invalid expression', () => {
    expect(issues({ mode: 'cron', cron: '61 * * * *' })).toEqual([
      { path: 'cron', message: 'Invalid cron expression: Invalid value for minute: 61' },
    ]);
    expect(issues({ mode: 'cron', cron: 'every day' })[0]?.path).toBe('cron');
    // Second-precision patterns are refused: minute precision only.
    expect(issues({ mode: 'cron', cron: '*/5 * * * * *' })[0]?.path).toBe('cron');
    expect(issues({ mode: 'cron' })).toEqual([{ path: 'cron', message: 'A cron expression is required when Repeat is "cron"' }]);
  });

  it('names the other bad fields', () => {
    expect(issues({ mode: 'interval' })[0]?.path).toBe('everyMinutes');
    expect(issues({ everyMinutes: 0 })[0]?.path).toBe('everyMinutes');
    expect(issues({ everyMinutes: 5, timezone: 'Mars/Olympus' })[0]).toEqual({
      path: 'timezone',
      message: 'Unknown time zone: use an IANA name such as "Europe/Paris"',
    });
  });

  it('surfaces through the SDK as a config error naming the field', () => {
    try {
      parseInput(scheduleInput, { mode: 'cron', cron: '* * *' }, 'input for "Schedule"');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConnectorError);
      expect((err as ConnectorError).message).toMatch(/^Invalid input for "Schedule": cron: Invalid cron expression/);
    }
  });
});

describe('nextFires: cron', () => {
  it('reads the expression in the time zone, across a DST change', () => {
    const paris = input({ mode: 'cron', cron: '0 9 * * *', timezone: 'Europe/Paris' });
    // Paris moves to summer time on 2026-03-29: 09:00 is 08:00Z before, 07:00Z after.
    expect(iso(nextFireTimes(paris, new Date('2026-03-27T12:00:00Z'), 3))).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('returns times strictly after `after`', () => {
    const hourly = input({ mode: 'cron', cron: '0 * * * *' });
    expect(iso(nextFireTimes(hourly, new Date('2026-01-01T10:00:00Z'), 1))).toEqual(['2026-01-01T11:00:00.000Z']);
  });

  it('judges weekends in the input time zone', () => {
    const tokyo = input({ mode: 'cron', cron: '30 8 * * *', timezone: 'Asia/Tokyo', skipWeekends: true });
    const fires = iso(nextFireTimes(tokyo, new Date('2026-03-25T00:00:00Z'), 5));
    expect(fires).toEqual([
      '2026-03-25T23:30:00.000Z', // Thu 08:30 in Tokyo
      '2026-03-26T23:30:00.000Z', // Fri
      '2026-03-29T23:30:00.000Z', // Mon in Tokyo, still Sunday in UTC
      '2026-03-30T23:30:00.000Z',
      '2026-03-31T23:30:00.000Z',
    ]);
  });

  it('gives up on a schedule that only fires on skipped days', () => {
    const saturdays = input({ mode: 'cron', cron: '0 9 * * 6', skipWeekends: true });
    expect(nextFireTimes(saturdays, new Date('2026-01-01T00:00:00Z'), 3)).toEqual([]);
  });
});

describe('nextFires: interval', () => {
  it('fires on a clock-aligned grid', () => {
    const every15 = input({ everyMinutes: 15 });
    expect(iso(nextFireTimes(every15, new Date('2026-01-01T10:07:00Z'), 3))).toEqual([
      '2026-01-01T10:15:00.000Z',
      '2026-01-01T10:30:00.000Z',
      '2026-01-01T10:45:00.000Z',
    ]);
    expect(iso(nextFireTimes(every15, new Date('2026-01-01T10:15:00Z'), 1))).toEqual(['2026-01-01T10:30:00.000Z']);
  });

  it('anchors at local midnight in the time zone and keeps real-hour spacing over DST', () => {
    const hourly = input({ everyMinutes: 60, timezone: 'Europe/Paris' });
    // Local midnight of 2026-03-29 is 23:00Z; that day has 23 hours.
    const fires = nextFireTimes(hourly, new Date('2026-03-28T22:30:00Z'), 24);
    expect(fires[0]?.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(fires[23]?.toISOString()).toBe('2026-03-29T22:00:00.000Z'); // next local midnight
    for (let i = 1; i < fires.length; i++) expect((fires[i]?.getTime() ?? 0) - (fires[i - 1]?.getTime() ?? 0)).toBe(3_600_000);
  });

  it('restarts at midnight for intervals that do not divide a day', () => {
    const every7 = input({ everyMinutes: 7 });
    expect(iso(nextFireTimes(every7, new Date('2026-01-01T23:50:00Z'), 3))).toEqual([
      '2026-01-01T23:55:00.000Z',
      '2026-01-02T00:00:00.000Z',
      '2026-01-02T00:07:00.000Z',
    ]);
  });

  it('skips weekends and bounds the count', () => {
    const daily = input({ everyMinutes: 1440, skipWeekends: true });
    const fires = nextFireTimes(daily, new Date('2026-03-26T12:00:00Z'), 3); // a Thursday
    expect(iso(fires)).toEqual(['2026-03-27T00:00:00.000Z', '2026-03-30T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    expect(nextFireTimes(input({ everyMinutes: 1 }), new Date(), 5000)).toHaveLength(MAX_FIRES);
    expect(nextFireTimes(input({ everyMinutes: 1 }), new Date(), 0)).toEqual([]);
  });
});

describe('fire', () => {
  it('keys the event by its scheduled time and describes it in the time zone', () => {
    const at = new Date('2026-03-30T07:00:00Z');
    const event = fireEvent(input({ mode: 'cron', cron: '0 9 * * *', timezone: 'Europe/Paris' }), at);
    expect(event.key).toBe('2026-03-30T07:00:00.000Z');
    expect(event.data).toEqual({
      scheduled_at: '2026-03-30T07:00:00.000Z',
      timezone: 'Europe/Paris',
      local_time: '2026-03-30 09:00',
      date: '2026-03-30',
      time: '09:00',
      day_of_week: 'Monday',
      day_of_month: 30,
      month: 3,
      year: 2026,
      hour: 9,
      minute: 0,
      is_weekend: false,
      unix: 1774854000,
    });
    // Two workers computing the same tick agree on the key.
    expect(schedule.kind === 'schedule' && schedule.fire(input({ everyMinutes: 5 }), new Date(at)).key).toBe(event.key);
  });
});

describe('connector', () => {
  it('samples the next fire', async () => {
    const sample = await runSample({ connector: schedulerConnector, triggerKey: 'schedule', auth: undefined, input: { everyMinutes: 30 } });
    expect(sample.records).toHaveLength(1);
    expect(sample.fields.find((f) => f.path === 'scheduled_at')?.type).toBe('date');
  });

  it('is a tool without auth whose catalogue entry documents the input', () => {
    const entry = describeConnector(schedulerConnector);
    expect(entry).toMatchObject({ key: 'scheduler', category: 'tool', auth: { kind: 'none' } });
    const props = entry.triggers[0]?.input.properties as Record<string, Record<string, unknown>>;
    expect(props.mode).toMatchObject({ enum: ['cron', 'interval'], default: 'interval', label: 'Repeat' });
    expect(props.timezone).toMatchObject({ default: 'UTC', label: 'Time zone' });
  });
});
