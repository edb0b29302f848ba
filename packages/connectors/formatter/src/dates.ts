/** Reading dates: ISO 8601, other date texts, Unix timestamps, or a given pattern, in a time zone. */
import { tz } from '@date-fns/tz';
import { format, isValid, parse, parseISO } from 'date-fns';

/** Below this a timestamp is read as seconds, above as milliseconds (1e11 s is year 5138). */
const SECONDS_LIMIT = 1e11;
const ISO_START = /^\d{4}-\d{2}(-\d{2})?([T ]|$)/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

function fromTimestamp(n: number): Date {
  return new Date(Math.abs(n) < SECONDS_LIMIT ? n * 1000 : n);
}

/**
 * A date from a mapped value. Texts without an offset ("2026-03-30 09:00") are read in
 * `timeZone`; with `inputFormat` (a date-fns pattern such as "dd/MM/yyyy") the text must
 * match it. Returns undefined when the value is not a date.
 */
export function readDate(value: string | number, timeZone: string, inputFormat?: string): Date | undefined {
  if (typeof value === 'number') {
    const d = fromTimestamp(value);
    return isValid(d) ? d : undefined;
  }
  const text = value.trim();
  if (!text) return undefined;
  const zone = tz(timeZone);
  let d: Date;
  if (inputFormat) d = parse(text, inputFormat, new Date(), { in: zone });
  else if (NUMERIC.test(text)) d = fromTimestamp(Number(text));
  else if (ISO_START.test(text)) d = parseISO(text.replace(' ', 'T'), { in: zone });
  else d = new Date(text);
  if (!isValid(d)) return undefined;
  return new Date(d.getTime());
}

function problem(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Why a date-fns pattern cannot format a date, or undefined when it can. */
export function formatPatternProblem(pattern: string): string | undefined {
  return problem(() => format(new Date(0), pattern));
}

/** Why a date-fns pattern cannot read a date, or undefined when it can. */
export function inputFormatProblem(pattern: string): string | undefined {
  return problem(() => parse('', pattern, new Date()));
}
