/** Narrowing helpers for walking a definition that may not match its schema. */

export type Loose = Record<string, unknown>;

export function asRecord(value: unknown): Loose | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : null;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A step's id when it is a usable string. */
export function looseId(step: Loose | null): string | undefined {
  const id = step?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
