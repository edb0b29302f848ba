/** Field schemas shared by the formatter's actions: mapped values arrive as text, numbers or null. */
import { z } from 'zod';

/** Text, or a number / boolean / null turned into text (null → ""). */
export const textValue = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((v) => (v === null ? '' : String(v)));

/** A number, or text to be read as one (by the action, with its locale). */
export const numberLike = z.union([z.number(), z.string()]);

/** An ISO date text, another date text, or a Unix timestamp (seconds or milliseconds). */
export const dateLike = z.union([z.string(), z.number()]);

export function isTimeZone(name: string): boolean {
  if (!name) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function isLocale(tag: string): boolean {
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z
  .string()
  .trim()
  .refine(isTimeZone, { message: 'Unknown time zone: use an IANA name such as "Europe/Paris"' })
  .default('UTC')
  .meta({ label: 'Time zone', description: 'IANA time zone, e.g. Europe/Paris.', example: 'Europe/Paris' });

export const locale = z
  .string()
  .trim()
  .refine(isLocale, { message: 'Unknown locale: use a tag such as "en-US" or "fr-FR"' })
  .default('en-US')
  .meta({ label: 'Locale', description: 'How numbers are written, e.g. en-US (1,234.5) or fr-FR (1 234,5).' });

/** Quotes a value for an error message, clipped. */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
