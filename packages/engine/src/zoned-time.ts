/**
 * Reading a date/time taken from data for the Delay step's "until" mode, in a time zone, without
 * a date library: an instant with an offset (ISO `Z` / `+02:00`, RFC 2822 `GMT`) is taken as is; a
 * wall time without one (`2026-12-08 09:00`, `2026-12-08`) is read in the step's time zone, DST
 * included; a number is epoch seconds (below 1e11) or milliseconds.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Europe/Paris in winter: +3,600,000). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant a wall-clock time names in a zone (a time skipped by DST moves forward by the gap). */
export function wallTimeToUtc(wall: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number }, timeZone: string): number {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
  const first = guess - zoneOffsetMs(guess, timeZone);
  const second = guess - zoneOffsetMs(first, timeZone);
  return second;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;
const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const NAMED_ZONE = /\b(GMT|UTC|UT|Z)\b|[+-]\d{4}\b/i;

export type DateReading = { ok: true; at: number } | { ok: false; reason: string };

/** Reads a value from data as an instant; `reason` says why it is not one. */
export function readDateTime(value: unknown, timeZone: string): DateReading {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return { ok: false, reason: 'a number that is not a time' };
    return { ok: true, at: value < 1e11 ? value * 1000 : value };
  }
  if (typeof value !== 'string') return { ok: false, reason: value === null || value === undefined ? 'it is empty' : `it is ${Array.isArray(value) ? 'a list' : typeof value}, not a date` };
  const text = value.trim();
  if (text === '') return { ok: false, reason: 'it is empty' };
  if (/^\d+$/.test(text)) return readDateTime(Number(text), timeZone);
  const offset = WITH_OFFSET.exec(text);
  if (offset) {
    const zone = (offset[3] ?? 'Z').toUpperCase();
    const normalized = zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const at = Date.parse(`${offset[1]}T${offset[2]}${normalized}`);
    return Number.isNaN(at) ? { ok: false, reason: 'not a valid date' } : { ok: true, at };
  }
  const wall = WALL.exec(text);
  if (wall) {
    const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(wall[i] ?? 0)) as [number, number, number, number, number, number];
    const ms = Number((wall[7] ?? '0').padEnd(3, '0'));
    const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'not a valid date' };
    return { ok: true, at: wallTimeToUtc({ year, month, day, hour, minute, second, ms }, timeZone) };
  }
  // Other spellings (RFC 2822 "Tue, 08 Dec 2026 09:00:00 GMT") only with a zone: without one they
  // would be read in the server's own zone.
  const parsed = Date.parse(text);
  if (!Number.isNaN(parsed) && NAMED_ZONE.test(text)) return { ok: true, at: parsed };
  return { ok: false, reason: 'not a date Konnect can read (use 2026-12-08T09:00, with or without an offset, or epoch seconds)' };
}

/** An instant as wall time in a zone, for messages: "2026-12-08 09:00 (Europe/Paris)". */
export function describeInZone(at: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) parts[part.type] = part.value.padStart(2, '0');
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${timeZone})`;
}
