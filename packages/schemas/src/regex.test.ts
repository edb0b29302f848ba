import { describe, expect, it } from 'vitest';
import { compileGuardedRegex, REGEX_MAX_PATTERN_LENGTH } from './regex';

describe('compileGuardedRegex', () => {
  it('compiles plain and /slashed/ patterns with allowed flags', () => {
    const plain = compileGuardedRegex('^ab+c$');
    expect(plain.ok && plain.regex.test('abbc')).toBe(true);
    const flagged = compileGuardedRegex('/^ABC$/i');
    expect(flagged.ok && flagged.regex.test('abc')).toBe(true);
    expect(compileGuardedRegex('(?:ab)+c').ok).toBe(true);
    expect(compileGuardedRegex('(a+){2}').ok).toBe(true);
    expect(compileGuardedRegex('[(+)]+').ok).toBe(true);
  });

  it('refuses invalid, oversized and catastrophic patterns with a clear error', () => {
    expect(compileGuardedRegex('(abc')).toEqual({ ok: false, error: expect.stringContaining('invalid pattern') });
    expect(compileGuardedRegex('a'.repeat(REGEX_MAX_PATTERN_LENGTH + 1))).toEqual({ ok: false, error: expect.stringContaining('longer than') });
    expect(compileGuardedRegex('(a+)+$')).toEqual({ ok: false, error: expect.stringContaining('(a+)+') });
    expect(compileGuardedRegex('((ab)*c)*')).toMatchObject({ ok: false });
    expect(compileGuardedRegex('(x*)*')).toMatchObject({ ok: false });
    expect(compileGuardedRegex('(a)\\1')).toEqual({ ok: false, error: expect.stringContaining('backreferences') });
    expect(compileGuardedRegex('/a/g')).toEqual({ ok: false, error: expect.stringContaining('flag "g"') });
  });
});
