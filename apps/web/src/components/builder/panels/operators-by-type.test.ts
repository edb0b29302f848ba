import { OPERATORS } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import { defaultOperator, operandType, operatorsFor, rightFor, withLeft, withOperator } from './operators-by-type';

const keys = (list: { key: string }[]) => list.map((o) => o.key);

describe('operatorsFor', () => {
  it('offers text operators for text fields, not number or date ones', () => {
    const ops = keys(operatorsFor(operandType('string')));
    expect(ops).toEqual(expect.arrayContaining(['equals', 'contains', 'starts_with', 'is_empty', 'matches', 'exists']));
    expect(ops).not.toContain('gt');
    expect(ops).not.toContain('before');
  });

  it('offers comparisons for numbers and dates', () => {
    expect(keys(operatorsFor(operandType('number')))).toEqual(expect.arrayContaining(['eq', 'lt', 'between', 'equals', 'exists']));
    expect(keys(operatorsFor(operandType('number')))).not.toContain('contains');
    expect(keys(operatorsFor(operandType('date')))).toEqual(expect.arrayContaining(['before', 'after', 'within_last_days']));
  });

  it('offers list operators for arrays and true/false for booleans', () => {
    expect(keys(operatorsFor(operandType('array')))).toEqual(expect.arrayContaining(['list_contains', 'is_empty']));
    expect(keys(operatorsFor(operandType('boolean')))).toEqual(expect.arrayContaining(['is_true', 'is_false']));
  });

  it('offers every operator when the type is unknown', () => {
    expect(operatorsFor(operandType(undefined))).toHaveLength(OPERATORS.length);
    expect(operandType('null')).toBeNull();
  });

  it('defaults to an operator that fits the type', () => {
    for (const t of ['string', 'number', 'date', 'boolean', 'array', 'object'] as const) {
      const type = operandType(t);
      expect(keys(operatorsFor(type))).toContain(defaultOperator(type));
    }
  });
});

describe('right-hand values', () => {
  it('drops the value for unary operators, pairs it for between, keeps it otherwise', () => {
    expect(rightFor('is_empty', 'x')).toBeUndefined();
    expect(rightFor('between', '5')).toEqual(['5', '']);
    expect(rightFor('equals', ['1', '9'])).toBe('1');
    expect(rightFor('contains', 'abc')).toBe('abc');
    expect(rightFor('equals', undefined)).toBe('');
  });

  it('reshapes the rule when the operator changes', () => {
    expect(withOperator({ left: '{{trigger.a}}', op: 'equals', right: 'x' }, 'exists')).toEqual({ left: '{{trigger.a}}', op: 'exists' });
    expect(withOperator({ left: 'a', op: 'exists' }, 'between')).toEqual({ left: 'a', op: 'between', right: ['', ''] });
  });

  it('switches to the new field type default only when the operator does not fit', () => {
    expect(withLeft({ left: '', op: 'contains', right: 'x' }, '{{trigger.age}}', 'number')).toEqual({ left: '{{trigger.age}}', op: 'eq', right: 'x' });
    expect(withLeft({ left: '', op: 'equals', right: 'x' }, '{{trigger.age}}', 'number')).toEqual({ left: '{{trigger.age}}', op: 'equals', right: 'x' });
    expect(withLeft({ left: '', op: 'gt', right: '1' }, '{{trigger.flag}}', 'boolean')).toEqual({ left: '{{trigger.flag}}', op: 'is_true' });
  });
});
