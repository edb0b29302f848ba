import { describe, expect, it } from 'vitest';
import { secretScrubber } from './secrets';

describe('secretScrubber', () => {
  it('hides a secret in its base64, URL-encoded and JSON-escaped forms', () => {
    const secret = 'ada:pw "quoted" 9';
    const scrub = secretScrubber([secret]);
    for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      expect(scrub.text(`<${form}>`)).toBe('<[redacted]>');
    }
    expect(scrub.value({ echoed: Buffer.from(secret).toString('base64') })).toEqual({ echoed: '[redacted]' });
  });

  it('remembers the JSON of what value() returned until it learns another secret', () => {
    const scrub = secretScrubber(['sk_first_1234']);
    const out = scrub.value({ a: 'sk_first_1234', b: 'later_secret_5678' });
    expect(out).toEqual({ a: '[redacted]', b: 'later_secret_5678' });
    expect(scrub.cleanJson(out)).toBe('{"a":"[redacted]","b":"later_secret_5678"}');
    expect(scrub.cleanJson({ a: 1 })).toBeUndefined();
    // A secret learned later: the object is no longer known clean, so its record is scanned again.
    scrub.add(['later_secret_5678']);
    expect(scrub.cleanJson(out)).toBeUndefined();
    expect(scrub.json(JSON.stringify(out))).toBe('{"a":"[redacted]","b":"[redacted]"}');
  });

  it('scrubs the strings of a value JSON cannot express (a cycle, a BigInt) instead of failing', () => {
    const scrub = secretScrubber(['sk_cycle_4321']);
    const value: Record<string, unknown> = { key: 'sk_cycle_4321', n: 10n };
    value.self = value;
    expect(scrub.value(value)).toEqual({ key: '[redacted]', n: 10n, self: '[circular]' });
  });
});
