/**
 * Address fields: a comma-separated text ("Ada <ada@example.com>, bob@example.com") or a list
 * of such texts (mapped from a previous step). Each address is parsed with nodemailer's address
 * parser (quoted names with commas, groups) and checked; a bad one fails the field by name.
 */
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';

export interface Address {
  name: string;
  address: string;
}

const emailCheck = z.email();

const isEmail = (value: string) => emailCheck.safeParse(value).success;

/** Every address in the values, or the first text that is not one. */
export function parseAddresses(values: readonly string[]): { ok: true; list: Address[] } | { ok: false; bad: string } {
  const list: Address[] = [];
  for (const value of values) {
    if (value.trim() === '') continue;
    const parsed = addressparser(value.replace(/;/g, ','), { flatten: true });
    if (parsed.length === 0) return { ok: false, bad: value };
    for (const entry of parsed) {
      const address = entry.address.trim();
      if (!isEmail(address)) return { ok: false, bad: entry.address || entry.name || value };
      list.push({ name: entry.name.replace(/[\r\n]+/g, ' ').trim(), address });
    }
  }
  return { ok: true, list };
}

const rawList = z.union([z.string(), z.array(z.string())]);

/** An address list field; `required`: at least one address. */
export function addressList(meta: { label: string; description: string; placeholder?: string }, required: boolean) {
  return rawList.transform((raw, ctx): Address[] => {
    const parsed = parseAddresses(Array.isArray(raw) ? raw : [raw]);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `"${parsed.bad.slice(0, 200)}" is not a valid email address` });
      return z.NEVER;
    }
    if (required && parsed.list.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'At least one email address is required' });
      return z.NEVER;
    }
    return parsed.list;
  }).meta(meta);
}

/** One address (Reply-To, From). */
export function singleAddress(meta: { label: string; description: string }) {
  return z.string().transform((raw, ctx): Address => {
    const parsed = parseAddresses([raw]);
    const only = parsed.ok && parsed.list.length === 1 ? parsed.list[0] : undefined;
    if (!only) {
      ctx.addIssue({ code: 'custom', message: `"${raw.slice(0, 200)}" is not one valid email address` });
      return z.NEVER;
    }
    return only;
  }).meta(meta);
}

/** "Ada <ada@example.com>" or "ada@example.com", for records. */
export function formatAddress(a: Address): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}
