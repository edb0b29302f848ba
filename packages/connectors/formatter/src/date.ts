import { defineAction } from '@konnect/sdk';
import { tz } from '@date-fns/tz';
import {
  add,
  differenceInDays,
  differenceInHours,
  differenceInMinutes,
  differenceInMonths,
  differenceInWeeks,
  differenceInYears,
  format,
  type Duration,
} from 'date-fns';
import { z } from 'zod';
import { formatPatternProblem, inputFormatProblem, readDate } from './dates';
import { dateLike, shown, timeZone } from './values';

const UNITS = ['minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;
type Unit = (typeof UNITS)[number];

type Zone = ReturnType<typeof tz>;

/** Whole units from `b` to `a` (truncated): minutes and hours are elapsed time, longer units calendar ones in the zone. */
const DIFFERENCE: Record<Unit, (a: Date, b: Date, zone: Zone) => number> = {
  minutes: (a, b) => differenceInMinutes(a, b),
  hours: (a, b) => differenceInHours(a, b),
  days: (a, b, zone) => differenceInDays(a, b, { in: zone }),
  weeks: (a, b, zone) => differenceInWeeks(a, b, { in: zone }),
  months: (a, b, zone) => differenceInMonths(a, b, { in: zone }),
  years: (a, b, zone) => differenceInYears(a, b, { in: zone }),
};

const DATE_HELP = 'use ISO 8601 (2026-03-30T09:00:00Z), a Unix timestamp, or set Input format';

export const dateInput = z
  .object({
    operation: z.enum(['format', 'add', 'subtract', 'difference', 'parse']).meta({ label: 'Transform' }),
    value: dateLike.meta({ label: 'Date', description: 'ISO 8601 text, other date text, or a Unix timestamp.' }),
    inputFormat: z
      .string()
      .optional()
      .meta({ label: 'Input format', description: 'How the date is written when it is not ISO, e.g. dd/MM/yyyy HH:mm.' }),
    timezone: timeZone,
    pattern: z
      .string()
      .min(1)
      .default('yyyy-MM-dd HH:mm')
      .meta({ label: 'Output format', description: 'Format: a date-fns pattern, e.g. "EEEE d MMMM yyyy" or "MM/dd/yyyy h:mm a".' }),
    amount: z.number().optional().meta({ label: 'Amount', description: 'Add / subtract: how many units.' }),
    unit: z.enum(UNITS).default('days').meta({ label: 'Unit' }),
    other: dateLike.optional().meta({ label: 'Other date', description: 'Difference: the date subtracted from Date.' }),
  })
  .superRefine((v, ctx) => {
    const formatIssue = v.inputFormat ? inputFormatProblem(v.inputFormat) : undefined;
    if (formatIssue) {
      ctx.addIssue({ code: 'custom', path: ['inputFormat'], message: formatIssue });
      return;
    }
    const read = (field: 'value' | 'other', raw: string | number) => {
      if (!readDate(raw, v.timezone, v.inputFormat)) {
        const how = v.inputFormat ? `does not match the input format "${v.inputFormat}"` : `is not a date: ${DATE_HELP}`;
        ctx.addIssue({ code: 'custom', path: [field], message: `${shown(raw)} ${how}` });
      }
    };
    read('value', v.value);
    if (v.operation === 'format') {
      const problem = formatPatternProblem(v.pattern);
      if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
    }
    if (v.operation === 'add' || v.operation === 'subtract') {
      if (v.amount === undefined || !Number.isFinite(v.amount)) {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: `Amount is required to ${v.operation}` });
      } else if (!Number.isInteger(v.amount) && v.unit !== 'minutes' && v.unit !== 'hours') {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: `Amount must be a whole number of ${v.unit} (use hours or minutes for fractions)` });
      }
    }
    if (v.operation === 'difference') {
      if (v.other === undefined || v.other === '') ctx.addIssue({ code: 'custom', path: ['other'], message: 'Other date is required for a difference' });
      else read('other', v.other);
    }
  });

type DateInput = z.output<typeof dateInput>;

function dateOf(raw: string | number, input: DateInput): Date {
  const d = readDate(raw, input.timezone, input.inputFormat);
  // Validated by the schema; this guards direct calls.
  if (!d) throw new RangeError(`${shown(raw)} is not a date: ${DATE_HELP}`);
  return d;
}

/** The instant as ISO text with the time zone's offset, e.g. 2026-03-30T09:00:00+02:00. */
function localIso(d: Date, zone: string): string {
  return format(d, "yyyy-MM-dd'T'HH:mm:ssXXX", { in: tz(zone) });
}

/** Runs one date operation; arithmetic is calendar-aware in the time zone (a day across DST is a day). */
export function formatDate(input: DateInput): Record<string, unknown> {
  const d = dateOf(input.value, input);
  const zone = tz(input.timezone);
  switch (input.operation) {
    case 'format':
      return { result: format(d, input.pattern, { in: zone }), iso: d.toISOString() };
    case 'add':
    case 'subtract': {
      const amount = (input.amount ?? 0) * (input.operation === 'subtract' ? -1 : 1);
      const duration: Duration = { [input.unit]: amount };
      const out = new Date(add(d, duration, { in: zone }).getTime());
      return { result: out.toISOString(), local: localIso(out, input.timezone) };
    }
    case 'difference': {
      const other = dateOf(input.other ?? '', input);
      return { result: DIFFERENCE[input.unit](d, other, zone), unit: input.unit };
    }
    case 'parse':
      return { result: d.toISOString(), local: localIso(d, input.timezone), unix: Math.floor(d.getTime() / 1000) };
  }
}

export const date = defineAction({
  key: 'date',
  readOnly: true,
  name: 'Date / Time',
  description: 'Format a date in a time zone, add or subtract time, measure the difference between two dates, or read a date as ISO.',
  group: 'Formatter',
  input: dateInput,
  run: async ({ input }) => formatDate(input),
});
