import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELD_LIMIT_BYTES, MAX_LOG_LINES, isTruncated, limitLogs, limitedJson } from './truncate';

describe('limitedJson', () => {
  it('keeps small values as JSON and undefined as null', () => {
    expect(limitedJson({ a: 1 })).toBe('{"a":1}');
    expect(limitedJson(undefined)).toBeNull();
    expect(limitedJson(null)).toBe('null');
  });

  it('replaces a value above the limit with a marker carrying a preview and the size', () => {
    const big = { text: 'x'.repeat(DEFAULT_FIELD_LIMIT_BYTES) };
    const stored: unknown = JSON.parse(limitedJson(big) ?? 'null');
    expect(isTruncated(stored)).toBe(true);
    if (!isTruncated(stored)) return;
    expect(stored.bytes).toBe(Buffer.byteLength(JSON.stringify(big)));
    expect(stored.preview.startsWith('{"text":"xxx')).toBe(true);
    expect(stored.preview.length).toBeLessThan(5000);
  });

  it('counts bytes, not characters', () => {
    const value = 'é'.repeat(40_000); // 80,000 bytes in UTF-8
    expect(isTruncated(JSON.parse(limitedJson(value) ?? 'null'))).toBe(true);
    expect(limitedJson('é'.repeat(100))).toBe(JSON.stringify('é'.repeat(100)));
  });

  it('does not crash on values JSON cannot express', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(limitedJson(cyclic)).toMatch(/unserialisable/);
  });
});

describe('limitLogs', () => {
  it('bounds the number and length of lines', () => {
    const logs = Array.from({ length: MAX_LOG_LINES + 5 }, (_, i) => `${i}`.padEnd(3000, '.'));
    const kept = limitLogs(logs);
    expect(kept).toHaveLength(MAX_LOG_LINES + 1);
    expect(kept.at(-1)).toBe('… 5 more lines not kept');
    expect(kept[0]?.length).toBeLessThan(2100);
  });
});
