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
 * The forms a secret travels in, each to be hidden: as is, URL-encoded (a query string), form-encoded,
 * JSON-escaped (quoted inside a JSON text an app sent back), and base64 (standard with and without
 * padding, and base64url): an app that quotes a Basic header's credential, or encodes a key it
 * echoes, shows it in one of these.
 */
export function secretSpellings(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
  return [...new Set(forms)];
}

/**
 * Builds a redactor for the given secrets, each hidden in every form `secretSpellings` lists.
 * Longest first, so a secret that contains another is replaced whole.
 */
export function createRedactor(...lists: (readonly string[] | undefined)[]): Redactor {
  const needles = new Set<string>();
  for (const list of lists) {
    if (!list) continue;
    for (const secret of list) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
      for (const form of secretSpellings(secret)) needles.add(form);
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
