/**
 * How a published definition's trigger is registered: polling → a BullMQ job scheduler on the
 * `poll` queue; Scheduler → a job scheduler on the `schedule` queue (cron + tz, or every N ms);
 * Catch Hook (webhook) → an enabled WebhookEndpoint token (hooks.ts).
 */
import type { KonnectorDefinition } from '@konnect/schemas';
import type { Registry, TriggerDef } from '@konnect/sdk';
import { AppError } from './errors';
import type { Repeat } from './queues';

export const DEFAULT_POLL_SECONDS = 60;
export const MIN_POLL_SECONDS = 10;

export const pollSchedulerId = (konnectorId: string) => `poll-${konnectorId}`;
export const scheduleSchedulerId = (konnectorId: string) => `schedule-${konnectorId}`;

export function triggerOf(registry: Registry, definition: KonnectorDefinition): TriggerDef {
  const { connector, event } = definition.trigger;
  const trigger = registry.trigger(connector, event);
  if (!trigger) throw new AppError('invalid', `trigger "${connector}.${event}" does not exist`);
  return trigger;
}

/** The definition's pollSeconds, else the trigger's, else 60 s; never below 10 s. */
export function pollIntervalMs(definition: KonnectorDefinition, trigger: TriggerDef): number {
  const declared = trigger.kind === 'polling' ? trigger.pollSeconds : undefined;
  const seconds = definition.trigger.pollSeconds ?? declared ?? DEFAULT_POLL_SECONDS;
  return Math.max(MIN_POLL_SECONDS, seconds) * 1000;
}

export interface ScheduleSpec {
  repeat: Repeat;
  timezone: string;
  skipWeekends: boolean;
}

function field(input: unknown, name: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined;
}

/** The Scheduler trigger's parsed input as a BullMQ repeat (cron pattern + tz, or every). */
export function scheduleSpec(trigger: TriggerDef, rawInput: unknown): ScheduleSpec {
  const parsed = trigger.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'input'}: ${i.message}`).join('; ');
    throw new AppError('invalid', `the schedule is not valid: ${issues}`);
  }
  const input: unknown = parsed.data;
  const timezone = typeof field(input, 'timezone') === 'string' ? String(field(input, 'timezone')) : 'UTC';
  const skipWeekends = field(input, 'skipWeekends') === true;
  const cron = field(input, 'cron');
  const everyMinutes = field(input, 'everyMinutes');
  const mode = field(input, 'mode') ?? (typeof cron === 'string' ? 'cron' : 'interval');
  if (mode === 'cron' && typeof cron === 'string' && cron.trim() !== '') {
    return { repeat: { pattern: cron.trim(), tz: timezone }, timezone, skipWeekends };
  }
  if (mode === 'interval' && typeof everyMinutes === 'number' && Number.isInteger(everyMinutes) && everyMinutes > 0) {
    return { repeat: { pattern: intervalPattern(everyMinutes), tz: timezone }, timezone, skipWeekends };
  }
  throw new AppError('invalid', 'the schedule needs a cron expression (mode "cron") or a number of minutes (mode "interval")');
}

/**
 * "Every N minutes from local midnight" as a cron pattern: exact when N divides an hour or N is a
 * whole number of hours dividing a day; otherwise a minute tick, and the processor fires only
 * on the ticks the trigger's own `nextFires` names.
 */
export function intervalPattern(everyMinutes: number): string {
  if (everyMinutes < 60 && 60 % everyMinutes === 0) return everyMinutes === 1 ? '* * * * *' : `*/${everyMinutes} * * * *`;
  if (everyMinutes % 60 === 0 && 24 % (everyMinutes / 60) === 0) {
    const hours = everyMinutes / 60;
    return hours === 1 ? '0 * * * *' : hours === 24 ? '0 0 * * *' : `0 */${hours} * * *`;
  }
  return '* * * * *';
}

const WEEKDAY = new Map<string, Intl.DateTimeFormat>();

/** Saturday or Sunday at `at` in `timezone`. */
export function isWeekend(at: Date, timezone: string): boolean {
  let format = WEEKDAY.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: timezone });
    WEEKDAY.set(timezone, format);
  }
  const day = format.format(at);
  return day === 'Sat' || day === 'Sun';
}
