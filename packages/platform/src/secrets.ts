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
}

function replaceAll(text: string, needles: readonly string[], by: string): string {
  let out = text;
  for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(by);
  return out;
}

const byLength = (a: string, b: string) => b.length - a.length;

export function secretScrubber(initial: readonly string[] = []): Scrubber {
  const secrets = new Set<string>();
  let plain: string[] = [];
  let inJson: string[] = [];

  const scrubber: Scrubber = {
    add(list) {
      let changed = false;
      for (const secret of list) {
        if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || secrets.has(secret)) continue;
        secrets.add(secret);
        changed = true;
      }
      if (!changed) return;
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
      const json = JSON.stringify(value) as string | undefined;
      if (json === undefined) return value;
      const out = scrubber.json(json);
      return out === json ? value : (JSON.parse(out) as T);
    },
  };
  scrubber.add(initial);
  return scrubber;
}
