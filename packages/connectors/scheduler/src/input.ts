import { Cron } from 'croner';
import { z } from 'zod';

/** True for an IANA time zone name the runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(name: string): boolean {
  if (!name) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Why a cron expression is invalid, or undefined when it is fine (five fields, minute precision). */
export function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true, mode: '5-part' });
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return message.replace(/^CronPattern:\s*/, '');
  }
}

export const scheduleInput = z
  .object({
    mode: z
      .enum(['cron', 'interval'])
      .default('interval')
      .meta({ label: 'Repeat', description: 'Every N minutes, or on a cron schedule.' }),
    cron: z
      .string()
      .trim()
      .optional()
      .meta({
        label: 'Cron expression',
        description: 'Five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5" for 9:00 on weekdays.',
        placeholder: '0 9 * * 1-5',
      }),
    everyMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .optional()
      .meta({
        label: 'Every (minutes)',
        description: 'Fires at local midnight and every N minutes after it, each day.',
        example: 15,
      }),
    timezone: z
      .string()
      .trim()
      .refine(isTimeZone, { message: 'Unknown time zone: use an IANA name such as "Europe/Paris"' })
      .default('UTC')
      .meta({ label: 'Time zone', description: 'IANA time zone the schedule and weekends are read in.', example: 'Europe/Paris' }),
    skipWeekends: z
      .boolean()
      .default(false)
      .meta({ label: 'Skip weekends', description: 'No fires on Saturday or Sunday (in the chosen time zone).' }),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'cron') {
      if (!value.cron) {
        ctx.addIssue({ code: 'custom', path: ['cron'], message: 'A cron expression is required when Repeat is "cron"' });
        return;
      }
      const problem = cronProblem(value.cron);
      if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: `Invalid cron expression: ${problem}` });
    } else if (value.everyMinutes === undefined) {
      ctx.addIssue({ code: 'custom', path: ['everyMinutes'], message: 'Every (minutes) is required when Repeat is "interval"' });
    }
  });

export type ScheduleInput = z.output<typeof scheduleInput>;
