import { describe, expect, it } from 'vitest';
import { keepKnownKeys, mapOf, rowsOf, textOf, valueOf, withKey } from './input-values';

describe('input values', () => {
  it('shows any mapped value as text', () => {
    expect(textOf(undefined)).toBe('');
    expect(textOf(null)).toBe('');
    expect(textOf(12)).toBe('12');
    expect(textOf(false)).toBe('false');
    expect(textOf('{{trigger.a}}')).toBe('{{trigger.a}}');
    expect(textOf({ a: 1 })).toBe('{"a":1}');
  });

  it('stores plain numbers as numbers and keeps templates as text', () => {
    expect(valueOf('number', ' 42 ')).toBe(42);
    expect(valueOf('number', '-1.5e2')).toBe(-150);
    expect(valueOf('number', '{{trigger.count}}')).toBe('{{trigger.count}}');
    expect(valueOf('number', '12abc')).toBe('12abc');
    expect(valueOf('text', '42')).toBe('42');
    expect(valueOf('boolean', 'true')).toBe(true);
    expect(valueOf('boolean', '{{trigger.vip}}')).toBe('{{trigger.vip}}');
  });

  it('leaves blank values out', () => {
    expect(valueOf('text', '   ')).toBeUndefined();
    expect(withKey({ a: 'x', b: 'y' }, 'a', undefined)).toEqual({ b: 'y' });
    expect(withKey({ b: 'y' }, 'a', 'z')).toEqual({ b: 'y', a: 'z' });
  });

  it('edits free key/value objects as rows', () => {
    expect(rowsOf({ plan: '{{trigger.plan}}', seats: 3 })).toEqual([
      { key: 'plan', value: '{{trigger.plan}}' },
      { key: 'seats', value: '3' },
    ]);
    expect(rowsOf('{{trigger.attrs}}')).toEqual([]);
    expect(mapOf([{ key: ' plan ', value: 'pro' }, { key: '', value: 'lost' }, { key: '__proto__', value: 'x' }])).toEqual({ plan: 'pro' });
    expect(mapOf([])).toBeUndefined();
  });

  it('keeps the values of fields the new action also has', () => {
    expect(keepKnownKeys({ email: 'a', name: 'b' }, ['email', 'phone'])).toEqual({ email: 'a' });
  });
});
