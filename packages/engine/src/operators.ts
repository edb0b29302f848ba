import { compileGuardedRegex, REGEX_MAX_INPUT_LENGTH, type Operator } from '@konnect/schemas';
import { isEmptyValue, toBoolean, toList, toNumber, toTime } from './coerce';
import { showValue } from './labels';
import { toText } from './template';

/** A condition that cannot be evaluated at all (bad pattern, missing operand): fails the step. */
export class ConditionError extends Error {
  override name = 'ConditionError';
}

export interface OpOutcome {
  passed: boolean;
  /** Replaces "<phrase> <right>" in the reason, e.g. "is not a number". */
  note?: string;
}

interface OpDef {
  /** [when passed, when not passed] */
  phrase: readonly [string, string];
  run(left: unknown, right: unknown, now: number): OpOutcome;
  showRight?(right: unknown): string;
}

const DAY_MS = 86_400_000;
const lower = (v: unknown) => toText(v).toLowerCase();

const regexCache = new Map<string, RegExp>();
function guardedRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (!regex) {
    const compiled = compileGuardedRegex(pattern);
    if (!compiled.ok) throw new ConditionError(`Pattern ${showValue(pattern)}: ${compiled.error}`);
    regex = compiled.regex;
    if (regexCache.size >= 1000) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex;
}

function numeric(left: unknown, right: unknown, test: (a: number, b: number) => boolean): OpOutcome {
  const a = toNumber(left);
  if (a === null) return { passed: false, note: 'is not a number' };
  const b = toNumber(right);
  if (b === null) return { passed: false, note: `cannot be compared with ${showValue(right)} (not a number)` };
  return { passed: test(a, b) };
}

function dated(left: unknown, right: unknown, test: (a: number, b: number) => boolean): OpOutcome {
  const a = toTime(left);
  if (a === null) return { passed: false, note: 'is not a date' };
  const b = toTime(right);
  if (b === null) return { passed: false, note: `cannot be compared with ${showValue(right)} (not a date)` };
  return { passed: test(a, b) };
}

function listHas(left: unknown, right: unknown): boolean | null {
  const list = toList(left);
  if (list === null) return null;
  const wanted = lower(right).trim();
  return list.some((item) => item !== null && typeof item !== 'object' && lower(item).trim() === wanted);
}

/** Numeric operands read as numbers in reasons: `is not greater than 18`. */
function showNumber(value: unknown): string {
  const n = toNumber(value);
  return n === null ? showValue(value) : String(n);
}

function pair(right: unknown): [unknown, unknown] {
  return Array.isArray(right) ? [right[0], right[1]] : [undefined, undefined];
}

/**
 * Operator semantics. Text: `equals` is exact; contains / starts_with / ends_with ignore
 * case; `matches` runs a guarded pattern on the first REGEX_MAX_INPUT_LENGTH characters.
 * Numbers and dates coerce from numeric strings, ISO strings and epoch milliseconds.
 */
export const OPERATOR_IMPL: Record<Operator, OpDef> = {
  equals: { phrase: ['equals', 'does not equal'], run: (l, r) => ({ passed: toText(l) === toText(r) }) },
  not_equals: { phrase: ['does not equal', 'equals'], run: (l, r) => ({ passed: toText(l) !== toText(r) }) },
  contains: { phrase: ['contains', 'does not contain'], run: (l, r) => ({ passed: lower(l).includes(lower(r)) }) },
  not_contains: { phrase: ['does not contain', 'contains'], run: (l, r) => ({ passed: !lower(l).includes(lower(r)) }) },
  starts_with: { phrase: ['starts with', 'does not start with'], run: (l, r) => ({ passed: lower(l).startsWith(lower(r)) }) },
  ends_with: { phrase: ['ends with', 'does not end with'], run: (l, r) => ({ passed: lower(l).endsWith(lower(r)) }) },
  is_empty: { phrase: ['is empty', 'is not empty'], run: (l) => ({ passed: isEmptyValue(l) }) },
  is_not_empty: { phrase: ['is not empty', 'is empty'], run: (l) => ({ passed: !isEmptyValue(l) }) },
  matches: {
    phrase: ['matches', 'does not match'],
    run: (l, r) => ({ passed: guardedRegex(toText(r)).test(toText(l).slice(0, REGEX_MAX_INPUT_LENGTH)) }),
  },
  eq: { phrase: ['equals', 'does not equal'], run: (l, r) => numeric(l, r, (a, b) => a === b), showRight: showNumber },
  ne: { phrase: ['does not equal', 'equals'], run: (l, r) => numeric(l, r, (a, b) => a !== b), showRight: showNumber },
  lt: { phrase: ['is less than', 'is not less than'], run: (l, r) => numeric(l, r, (a, b) => a < b), showRight: showNumber },
  lte: { phrase: ['is at most', 'is more than'], run: (l, r) => numeric(l, r, (a, b) => a <= b), showRight: showNumber },
  gt: { phrase: ['is greater than', 'is not greater than'], run: (l, r) => numeric(l, r, (a, b) => a > b), showRight: showNumber },
  gte: { phrase: ['is at least', 'is less than'], run: (l, r) => numeric(l, r, (a, b) => a >= b), showRight: showNumber },
  between: {
    phrase: ['is between', 'is not between'],
    run: (l, r) => {
      const [lo, hi] = pair(r);
      const a = toNumber(l);
      if (a === null) return { passed: false, note: 'is not a number' };
      const low = toNumber(lo);
      const high = toNumber(hi);
      if (low === null || high === null) return { passed: false, note: `cannot be compared with ${showValue(r)} (not numbers)` };
      return { passed: a >= Math.min(low, high) && a <= Math.max(low, high) };
    },
    showRight: (r) => {
      const [lo, hi] = pair(r);
      return `${showNumber(lo)} and ${showNumber(hi)}`;
    },
  },
  before: { phrase: ['is before', 'is not before'], run: (l, r) => dated(l, r, (a, b) => a < b) },
  after: { phrase: ['is after', 'is not after'], run: (l, r) => dated(l, r, (a, b) => a > b) },
  within_last_days: {
    phrase: ['is within the last', 'is not within the last'],
    run: (l, r, now) => {
      const t = toTime(l);
      if (t === null) return { passed: false, note: 'is not a date' };
      const days = toNumber(r);
      if (days === null) return { passed: false, note: `cannot be compared with ${showValue(r)} days (not a number)` };
      return { passed: t <= now && t >= now - days * DAY_MS };
    },
    showRight: (r) => `${toText(r)} days`,
  },
  is_true: { phrase: ['is true', 'is not true'], run: (l) => ({ passed: toBoolean(l) === true }) },
  is_false: { phrase: ['is false', 'is not false'], run: (l) => ({ passed: toBoolean(l) === false }) },
  exists: { phrase: ['exists', 'does not exist'], run: (l) => ({ passed: l !== undefined && l !== null }) },
  not_exists: { phrase: ['does not exist', 'exists'], run: (l) => ({ passed: l === undefined || l === null }) },
  list_contains: {
    phrase: ['contains', 'does not contain'],
    run: (l, r) => {
      const has = listHas(l, r);
      return has === null ? { passed: false, note: 'is not a list' } : { passed: has };
    },
  },
  list_not_contains: {
    phrase: ['does not contain', 'contains'],
    run: (l, r) => {
      const has = listHas(l, r);
      return has === null ? { passed: true, note: 'is not a list' } : { passed: !has };
    },
  },
};
