import { defineTrigger, sampleResult, type TriggerEvent } from '@konnect/sdk';
import { nextFireTimes } from './fires';
import { scheduleInput, type ScheduleInput } from './input';
import { localClock, localDate, localTime } from './local-time';

/** The event for a fire at `at`: its key is the scheduled time, so a tick can never fire twice. */
export function fireEvent(input: ScheduleInput, at: Date): TriggerEvent {
  const local = localTime(at, input.timezone);
  const scheduledAt = at.toISOString();
  return {
    key: scheduledAt,
    occurredAt: scheduledAt,
    data: {
      scheduled_at: scheduledAt,
      timezone: input.timezone,
      local_time: `${localDate(local)} ${localClock(local)}`,
      date: localDate(local),
      time: localClock(local),
      day_of_week: local.weekdayName,
      day_of_month: local.day,
      month: local.month,
      year: local.year,
      hour: local.hour,
      minute: local.minute,
      is_weekend: local.weekday === 0 || local.weekday === 6,
      unix: Math.floor(at.getTime() / 1000),
    },
  };
}

export const schedule = defineTrigger({
  kind: 'schedule',
  key: 'schedule',
  name: 'Schedule',
  description: 'Starts the konnector every N minutes or on a cron schedule, in a time zone, optionally skipping weekends.',
  input: scheduleInput,
  nextFires: (input, after, count) => nextFireTimes(input, after, count),
  fire: (input, at) => fireEvent(input, at),
  async sample({ input }) {
    const now = new Date();
    const [next] = nextFireTimes(input, now, 1);
    return sampleResult([fireEvent(input, next ?? now).data]);
  },
});
