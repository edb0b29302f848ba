/**
 * Between a mapped input's values (template strings, literal numbers and booleans, nested
 * objects and lists) and what the Field Mapping controls hold (text). Pure.
 */
import type { MappedInput, MappedValue } from '@konnect/schemas';
import type { FieldKind } from '@/components/schema-descriptors';

/** A value as the text a chip input shows. */
export function textOf(value: MappedValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * What the user typed, as the value to store: blank → undefined (the key is left out),
 * a plain number in a number field → that number, "true"/"false" in a boolean field → the
 * boolean, anything else (text, `{{refs}}`) → the template as typed.
 */
export function valueOf(kind: FieldKind | 'text', text: string): MappedValue | undefined {
  if (text.trim() === '') return undefined;
  if (kind === 'number' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n)) return n;
  }
  if (kind === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** A new input with `key` set, or removed when `value` is undefined. */
export function withKey<T extends MappedValue | undefined>(input: MappedInput, key: string, value: T): MappedInput {
  const { [key]: _old, ...rest } = input;
  return value === undefined ? rest : { ...rest, [key]: value };
}

export function isRecord(value: MappedValue | undefined): value is { [key: string]: MappedValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Key/value rows of a `map` field (values as text); a non-object value gives no rows. */
export function rowsOf(value: MappedValue | undefined): { key: string; value: string }[] {
  if (!isRecord(value)) return [];
  return Object.entries(value).map(([key, v]) => ({ key, value: textOf(v) }));
}

/** Rows back to an object: rows without a key are left out, a later duplicate key wins; no rows → undefined. */
export function mapOf(rows: readonly { key: string; value: string }[]): { [key: string]: MappedValue } | undefined {
  const out: { [key: string]: MappedValue } = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '' || key === '__proto__') continue;
    out[key] = row.value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Keeps the values whose keys the new action's fields also have (switching events keeps what still applies). */
export function keepKnownKeys(input: MappedInput, keys: readonly string[]): MappedInput {
  const known = new Set(keys);
  return Object.fromEntries(Object.entries(input).filter(([k]) => known.has(k)));
}
