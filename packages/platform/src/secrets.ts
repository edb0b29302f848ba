/**
 * Keeping connection secrets out of the event log. A run's scrubber learns the secret values of
 * every connection the run opens (and of action inputs marked secret, such as the HTTP Request's
 * token); everything written for the run (step input, output, error, logs, the run's summary
 * and error) passes through it first. Whatever the path a secret took (an app echoing its auth
 * header, an error body quoting the key, a code step logging it), it is stored as [redacted].
 */
import { MIN_SECRET_LENGTH, REDACTED, secretSpellings } from '@konnect/sdk';

export { connectionSecretValues } from '@konnect/sdk';

export interface Scrubber {
  add(secrets: readonly string[]): void;
  /** Plain text with every secret replaced. */
  text(value: string): string;
  /** JSON text with every secret replaced where it appears inside a JSON string; still valid JSON. */
  json(json: string): string;
  /** A JSON-like value with every secret replaced (the same value when there was none). */
  value<T>(value: T): T;
  /**
   * The JSON text of an object `value()` returned since the scrubber last learned a secret (so
   * scrubbing it again would change nothing), else undefined: an action output redacted before
   * later steps saw it is neither serialised nor scanned a second time when its record is written.
   */
  cleanJson(value: unknown): string | undefined;
}

function replaceAll(text: string, needles: readonly string[], by: string): string {
  let out = text;
  for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(by);
  return out;
}

const byLength = (a: string, b: string) => b.length - a.length;

/** A copy of a value that JSON cannot express with every string (and key) scrubbed; cycles become "[circular]". */
function scrubStrings(value: unknown, text: (s: string) => string, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === 'string') return text(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth > 50) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, text, seen, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), scrubStrings(v, text, seen, depth + 1)]));
}

export function secretScrubber(initial: readonly string[] = []): Scrubber {
  const secrets = new Set<string>();
  let plain: string[] = [];
  let inJson: string[] = [];
  /** Bumped whenever a secret is learned: objects scrubbed before are not known clean any more. */
  let generation = 0;
  const clean = new WeakMap<object, { generation: number; json: string }>();
  const markClean = <T>(value: T, json: string): T => {
    if (typeof value === 'object' && value !== null) clean.set(value, { generation, json });
    return value;
  };

  const scrubber: Scrubber = {
    add(list) {
      let changed = false;
      for (const secret of list) {
        if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || secrets.has(secret)) continue;
        secrets.add(secret);
        changed = true;
      }
      if (!changed) return;
      generation++;
      const all = new Set([...secrets].flatMap(secretSpellings));
      plain = [...all].sort(byLength);
      inJson = [...new Set(plain.map((s) => JSON.stringify(s).slice(1, -1)))].sort(byLength);
    },
    text: (value) => (plain.length === 0 ? value : replaceAll(value, plain, REDACTED)),
    json(json) {
      if (inJson.length === 0) return json;
      const out = replaceAll(json, inJson, REDACTED);
      if (out === json) return json;
      try {
        JSON.parse(out);
        return out;
      } catch {
        // A secret overlapped JSON syntax (it contained quotes or backslashes): hide the whole field.
        return JSON.stringify(REDACTED);
      }
    },
    value<T>(value: T): T {
      if (inJson.length === 0 || value === undefined) return value;
      let json: string | undefined;
      try {
        json = JSON.stringify(value) as string | undefined;
      } catch {
        // Not JSON (a cycle, a BigInt): every string in it scrubbed, the rest as it is.
        return scrubStrings(value, scrubber.text) as T;
      }
      if (json === undefined) return value;
      const out = scrubber.json(json);
      return markClean(out === json ? value : (JSON.parse(out) as T), out);
    },
    cleanJson(value) {
      if (typeof value !== 'object' || value === null) return undefined;
      const known = clean.get(value);
      return known?.generation === generation ? known.json : undefined;
    },
  };
  scrubber.add(initial);
  return scrubber;
}
