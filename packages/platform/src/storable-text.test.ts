import { describe, expect, it } from 'vitest';
import { unstorable, unstorableText } from './storable-text';

describe('unstorableText', () => {
  it('finds NUL characters and lone surrogates in strings and keys at any depth', () => {
    expect(unstorableText({ name: 'ok', steps: [{ input: { text: 'a\u0000b' } }] })).toEqual({ path: ['steps', 0, 'input', 'text'], reason: 'text cannot contain the NUL character (\\u0000)' });
    expect(unstorableText({ tags: ['x', '\ud83d'] })).toEqual({ path: ['tags', 1], reason: 'text is not valid Unicode (a lone surrogate)' });
    expect(unstorableText({ a: { 'k\u0000': 1 } })).toEqual({ path: ['a'], reason: 'a key cannot contain the NUL character (\\u0000)' });
    expect(unstorableText('\udfff')?.path).toEqual([]);
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableText(deep)?.path).toHaveLength(100_000);
  });

  it('accepts ordinary text, emoji (surrogate pairs) and non-strings', () => {
    expect(unstorableText({ name: '😀𝕏 ｆｕｌｌ ٱلْعَرَبِيَّة', n: 1, ok: true, none: null, list: [] })).toBeNull();
    expect(unstorable('\u2028 tab\t newline\n')).toBeNull();
  });
});
