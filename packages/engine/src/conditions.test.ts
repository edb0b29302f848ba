import type { ConditionGroup, ConditionRule, Operator } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import { evaluate, type RuleCheck } from './conditions';
import { ConditionError } from './operators';
import type { Scope } from './scope';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const scope: Scope = {
  trigger: {
    name: 'Ada Lovelace',
    email: 'ADA@Example.com',
    blank: '  ',
    age: 17,
    age_text: ' 42 ',
    price: '19.5',
    word: 'abc',
    created: '2026-06-10T08:00:00Z',
    created_ms: Date.parse('2026-06-01T00:00:00Z'),
    created_ms_text: String(Date.parse('2026-06-14T00:00:00Z')),
    vip: true,
    vip_text: 'TRUE',
    off: 'no',
    zero: 0,
    tags: ['Gold', 'beta'],
    csv: 'red, green',
    empty_list: [],
    empty_obj: {},
    nil: null,
  },
  steps: {},
};

function check(left: string, op: Operator, right?: ConditionRule['right']) {
  return evaluate({ all: [{ left, op, ...(right === undefined ? {} : { right }) }] }, scope, { now: NOW });
}
const yes = (left: string, op: Operator, right?: ConditionRule['right']) => expect(check(left, op, right).passed, `${left} ${op} ${String(right)}`).toBe(true);
const no = (left: string, op: Operator, right?: ConditionRule['right']) => expect(check(left, op, right).passed, `${left} ${op} ${String(right)}`).toBe(false);

describe('text operators', () => {
  it('equals / not_equals compare exact text, numbers as text', () => {
    yes('{{trigger.name}}', 'equals', 'Ada Lovelace');
    no('{{trigger.name}}', 'equals', 'ada lovelace');
    yes('{{trigger.age}}', 'equals', '17');
    yes('{{trigger.name}}', 'not_equals', 'Bob');
    no('{{trigger.age}}', 'not_equals', '17');
  });
  it('contains / not_contains / starts_with / ends_with ignore case', () => {
    yes('{{trigger.email}}', 'contains', '@example');
    no('{{trigger.email}}', 'contains', '@other');
    yes('{{trigger.email}}', 'not_contains', 'zzz');
    no('{{trigger.email}}', 'not_contains', 'ada');
    yes('{{trigger.name}}', 'starts_with', 'ada');
    no('{{trigger.name}}', 'starts_with', 'Love');
    yes('{{trigger.email}}', 'ends_with', '.COM');
    no('{{trigger.email}}', 'ends_with', '.org');
  });
  it('is_empty / is_not_empty cover blanks, missing, null, empty lists and objects', () => {
    for (const v of ['{{trigger.blank}}', '{{trigger.missing}}', '{{trigger.nil}}', '{{trigger.empty_list}}', '{{trigger.empty_obj}}']) {
      yes(v, 'is_empty');
      no(v, 'is_not_empty');
    }
    for (const v of ['{{trigger.name}}', '{{trigger.zero}}', '{{trigger.tags}}']) {
      no(v, 'is_empty');
      yes(v, 'is_not_empty');
    }
  });
  it('matches uses a guarded pattern', () => {
    yes('{{trigger.email}}', 'matches', '/^[a-z]+@example\\.com$/i');
    no('{{trigger.email}}', 'matches', '^[a-z]+@example\\.com$');
    yes('{{trigger.age}}', 'matches', '^\\d+$');
    expect(() => check('{{trigger.word}}', 'matches', '(a+)+$')).toThrow(ConditionError);
    expect(() => check('{{trigger.word}}', 'matches', '([')).toThrow(/Pattern "\(\[": invalid pattern/);
  });
});

describe('number operators', () => {
  it('compare numbers, coercing numeric strings', () => {
    yes('{{trigger.age}}', 'eq', '17');
    yes('{{trigger.age_text}}', 'eq', '42');
    no('{{trigger.age}}', 'eq', '18');
    yes('{{trigger.age}}', 'ne', '18');
    no('{{trigger.age}}', 'ne', '17.0');
    yes('{{trigger.price}}', 'lt', '20');
    no('{{trigger.price}}', 'lt', '19.5');
    yes('{{trigger.price}}', 'lte', '19.5');
    no('{{trigger.price}}', 'lte', '19');
    yes('{{trigger.age_text}}', 'gt', '41.9');
    no('{{trigger.age}}', 'gt', '18');
    yes('{{trigger.age}}', 'gte', '17');
    no('{{trigger.age}}', 'gte', '17.01');
    yes('{{trigger.age}}', 'between', ['10', '20']);
    yes('{{trigger.age}}', 'between', ['20', '17']);
    no('{{trigger.age}}', 'between', ['18', '20']);
  });
  it('fail with a reason when a side is not a number', () => {
    expect(check('{{trigger.word}}', 'gt', '1')).toEqual({ passed: false, reason: '"Word" ("abc") is not a number' });
    expect(check('{{trigger.missing}}', 'lt', '1')).toEqual({ passed: false, reason: '"Missing" (missing) is not a number' });
    expect(check('{{trigger.age}}', 'gt', 'ten').reason).toBe('"Age" (17) cannot be compared with "ten" (not a number)');
    no('{{trigger.blank}}', 'eq', '0');
    no('{{trigger.vip}}', 'eq', '1');
  });
  it('explain the outcome', () => {
    expect(check('{{trigger.age}}', 'gt', '18')).toEqual({ passed: false, reason: '"Age" (17) is not greater than 18' });
    expect(check('{{trigger.age}}', 'between', ['{{trigger.zero}}', '20']).reason).toBe('"Age" (17) is between 0 and 20');
  });
});

describe('date operators', () => {
  it('before / after coerce ISO strings and epoch ms (numbers or numeric strings)', () => {
    yes('{{trigger.created}}', 'before', '2026-06-11');
    no('{{trigger.created}}', 'before', '2026-06-01T00:00:00Z');
    yes('{{trigger.created}}', 'after', String(Date.parse('2026-06-09T00:00:00Z')));
    yes('{{trigger.created_ms}}', 'before', '{{trigger.created}}');
    no('{{trigger.created_ms}}', 'after', '2026-06-02');
    yes('{{trigger.created_ms_text}}', 'after', '2026-06-13');
    expect(check('{{trigger.word}}', 'before', '2026-01-01').reason).toBe('"Word" ("abc") is not a date');
    expect(check('{{trigger.created}}', 'after', 'someday').passed).toBe(false);
  });
  it('within_last_days counts back from now and excludes the future', () => {
    yes('{{trigger.created}}', 'within_last_days', '7');
    no('{{trigger.created_ms}}', 'within_last_days', '7');
    yes('{{trigger.created_ms}}', 'within_last_days', '30');
    no('2026-07-01', 'within_last_days', '30');
    expect(check('{{trigger.created}}', 'within_last_days', '7').reason).toBe('"Created" ("2026-06-10T08:00:00Z") is within the last 7 days');
  });
});

describe('boolean, existence and list operators', () => {
  it('is_true / is_false coerce true/false, 1/0, yes/no', () => {
    yes('{{trigger.vip}}', 'is_true');
    yes('{{trigger.vip_text}}', 'is_true');
    no('{{trigger.off}}', 'is_true');
    yes('{{trigger.off}}', 'is_false');
    yes('{{trigger.zero}}', 'is_false');
    no('{{trigger.missing}}', 'is_false');
    no('{{trigger.name}}', 'is_true');
  });
  it('exists / not_exists', () => {
    yes('{{trigger.zero}}', 'exists');
    yes('{{trigger.blank}}', 'exists');
    no('{{trigger.nil}}', 'exists');
    no('{{trigger.missing}}', 'exists');
    yes('{{trigger.missing}}', 'not_exists');
    no('{{trigger.name}}', 'not_exists');
  });
  it('list_contains / list_not_contains on arrays and comma-separated text', () => {
    yes('{{trigger.tags}}', 'list_contains', 'gold');
    no('{{trigger.tags}}', 'list_contains', 'gol');
    yes('{{trigger.csv}}', 'list_contains', 'green');
    yes('{{trigger.tags}}', 'list_not_contains', 'silver');
    no('{{trigger.csv}}', 'list_not_contains', 'red');
    expect(check('{{trigger.age}}', 'list_contains', '17')).toEqual({ passed: false, reason: '"Age" (17) is not a list' });
  });
});

describe('groups', () => {
  const gt = (n: number): ConditionRule => ({ left: '{{trigger.age}}', op: 'gt', right: String(n) });
  it('ALL fails on the first failing rule, ANY passes on the first passing one', () => {
    expect(evaluate({ all: [gt(10), gt(20), gt(30)] }, scope)).toEqual({ passed: false, reason: '"Age" (17) is not greater than 20' });
    expect(evaluate({ any: [gt(20), gt(10)] }, scope)).toEqual({ passed: true, reason: '"Age" (17) is greater than 10' });
    expect(evaluate({ all: [gt(1), gt(2)] }, scope).reason).toBe('"Age" (17) is greater than 1 and "Age" (17) is greater than 2');
    expect(evaluate({ any: [gt(20), gt(30)] }, scope)).toEqual({ passed: false, reason: '"Age" (17) is not greater than 20, and "Age" (17) is not greater than 30' });
  });
  it('nests groups and records every evaluated rule and missing reference', () => {
    const group: ConditionGroup = { any: [{ all: [gt(10), { left: '{{trigger.ghost}}', op: 'exists' }] }, { all: [gt(5), { any: [gt(16)] }] }] };
    const checks: RuleCheck[] = [];
    const logs = new Set<string>();
    const result = evaluate(group, scope, { checks, logs });
    expect(result.passed).toBe(true);
    expect(checks.map((c) => c.passed)).toEqual([true, false, true, true]);
    expect([...logs]).toEqual(['missing: trigger.ghost']);
    expect(evaluate({ all: [] }, scope).passed).toBe(true);
    expect(evaluate({ any: [] }, scope).passed).toBe(false);
  });
  it('throws a clear error for a missing operand', () => {
    expect(() => evaluate({ all: [{ left: '{{trigger.age}}', op: 'gt' }] }, scope)).toThrow(/needs a value/);
    expect(() => evaluate({ all: [{ left: '{{trigger.age}}', op: 'between', right: '1' }] }, scope)).toThrow(/\[low, high\]/);
  });
});
