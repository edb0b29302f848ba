/** Calendar fields of an instant in a time zone, through Intl (cached per zone). */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'long',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  weekdayName: string;
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const weekdayName = parts.weekday ?? '';
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(weekdayName),
    weekdayName,
  };
}

export function isWeekend(at: Date, timeZone: string): boolean {
  const { weekday } = localTime(at, timeZone);
  return weekday === 0 || weekday === 6;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function localDate(t: LocalTime): string {
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}

export function localClock(t: LocalTime): string {
  return `${pad(t.hour)}:${pad(t.minute)}`;
}
