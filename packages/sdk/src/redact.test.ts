import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact';

describe('createRedactor', () => {
  it('hides raw and URL-encoded forms, longest first, in nested values', () => {
    const r = createRedactor(['abc def/1', 'abc def/12'], undefined, ['tok_9999']);
    expect(r.text('k=abc%20def%2F12&x=abc+def%2F1')).toBe('k=[redacted]&x=[redacted]');
    expect(r.value({ a: ['tok_9999 here'], b: 3, c: null, 'key tok_9999': true })).toEqual({
      a: ['[redacted] here'],
      b: 3,
      c: null,
      'key [redacted]': true,
    });
  });

  it('ignores empty and very short values', () => {
    const r = createRedactor(['', 'ab']);
    expect(r.text('about')).toBe('about');
  });
});
