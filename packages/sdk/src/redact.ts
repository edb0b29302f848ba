/** Replaces secret values (API keys, tokens) in strings and JSON-like values. */
export const REDACTED = '[redacted]';

export interface Redactor {
  text(value: string): string;
  value(value: unknown): unknown;
}

const MAX_DEPTH = 20;

/** Shorter values are not treated as secrets: hiding every "ab" would garble messages. */
export const MIN_SECRET_LENGTH = 4;

/** Identity redactor, used when there is nothing to hide. */
const NONE: Redactor = { text: (v) => v, value: (v) => v };

/**
 * Builds a redactor for the given secrets. Each secret is also hidden in its URL-encoded
 * form (it may travel in a query string). Longest first, so a secret that contains another
 * is replaced whole.
 */
export function createRedactor(...lists: (readonly string[] | undefined)[]): Redactor {
  const needles = new Set<string>();
  for (const list of lists) {
    if (!list) continue;
    for (const secret of list) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
      needles.add(secret);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) needles.add(encoded);
      const formEncoded = new URLSearchParams({ s: secret }).toString().slice(2);
      if (formEncoded !== secret) needles.add(formEncoded);
    }
  }
  if (needles.size === 0) return NONE;
  const ordered = [...needles].sort((a, b) => b.length - a.length);

  const text = (input: string): string => {
    let out = input;
    for (const needle of ordered) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out;
  };

  const walk = (input: unknown, depth: number): unknown => {
    if (typeof input === 'string') return text(input);
    if (input === null || typeof input !== 'object' || depth > MAX_DEPTH) return input;
    if (Array.isArray(input)) return input.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) out[text(key)] = walk(item, depth + 1);
    return out;
  };

  return { text, value: (input) => walk(input, 0) };
}
