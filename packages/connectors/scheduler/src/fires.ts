import { ConnectorError } from '@konnect/sdk';
import { Cron } from 'croner';
import type { ScheduleInput } from './input';
import { isWeekend } from './local-time';

const DAY_MS = 86_400_000;
/** Upper bound on fire times returned in one call. */
export const MAX_FIRES = 1000;
/**
 * With weekends skipped, how far ahead to look and how many candidates to examine before
 * giving up: a schedule that only fires on weekends then never fires.
 */
const HORIZON_MS = 5 * 366 * DAY_MS;
const MAX_CANDIDATES = 10_000;

function configError(message: string): ConnectorError {
  return new ConnectorError({ kind: 'config', message, retryable: false });
}

/** Candidate fire times strictly after `after`, in order. */
type Candidates = Generator<Date, void, undefined>;

function* cronTimes(expression: string, timezone: string, after: Date): Candidates {
  const job = new Cron(expression, { timezone, paused: true, mode: '5-part' });
  let previous: Date | null = after;
  for (;;) {
    previous = job.nextRun(previous);
    if (!previous) return;
    yield previous;
  }
}

/**
 * Every N minutes from local midnight, each day: N that divide a day give a regular grid
 * aligned to the clock (every 15 minutes → :00 :15 :30 :45) that every worker computes alike;
 * other N restart at midnight. Steps are real minutes, so DST days keep the spacing.
 */
function* intervalTimes(everyMinutes: number, timezone: string, after: Date): Candidates {
  const midnights = new Cron('0 0 * * *', { timezone, paused: true });
  // The last local midnight at or before `after`.
  let dayStart = midnights.nextRun(new Date(after.getTime() - 2 * DAY_MS));
  for (let next = dayStart && midnights.nextRun(dayStart); next && next <= after; next = midnights.nextRun(next)) {
    dayStart = next;
  }
  const step = everyMinutes * 60_000;
  while (dayStart) {
    const nextDay = midnights.nextRun(dayStart);
    if (!nextDay) return;
    const from = dayStart.getTime();
    const first = after.getTime() < from ? 0 : Math.floor((after.getTime() - from) / step) + 1;
    for (let t = from + first * step; t < nextDay.getTime(); t += step) yield new Date(t);
    dayStart = nextDay;
  }
}

/** The schedule's next fire times strictly after `after` (at most `count`, weekends skipped when asked). */
export function nextFireTimes(input: ScheduleInput, after: Date, count: number): Date[] {
  const wanted = Math.min(Math.max(0, Math.floor(count)), MAX_FIRES);
  if (wanted === 0) return [];
  if (Number.isNaN(after.getTime())) throw configError('nextFires: `after` is not a valid date');
  let candidates: Candidates;
  if (input.mode === 'cron') {
    if (!input.cron) throw configError('Schedule: cron is required when mode is "cron"');
    candidates = cronTimes(input.cron, input.timezone, after);
  } else {
    if (!input.everyMinutes) throw configError('Schedule: everyMinutes is required when mode is "interval"');
    candidates = intervalTimes(input.everyMinutes, input.timezone, after);
  }
  const out: Date[] = [];
  let examined = 0;
  const horizon = after.getTime() + HORIZON_MS;
  for (const at of candidates) {
    if (input.skipWeekends) {
      if (++examined > MAX_CANDIDATES || at.getTime() > horizon) break;
      if (isWeekend(at, input.timezone)) continue;
    }
    out.push(at);
    if (out.length >= wanted) break;
  }
  return out;
}
