import {
  groupItems,
  isConditionGroup,
  operatorInfo,
  type ConditionGroup,
  type ConditionRule,
} from '@konnect/schemas';
import { humanize, showValue } from './labels';
import { ConditionError, OPERATOR_IMPL } from './operators';
import type { Scope } from './scope';
import { parsedTemplate, render } from './template';

export interface Evaluation {
  passed: boolean;
  /** One line, e.g. `"Age" (17) is not greater than 18`. */
  reason: string;
}

/** One evaluated rule, as recorded in a filter's or path's step input. */
export interface RuleCheck {
  left: unknown;
  op: string;
  right?: unknown;
  passed: boolean;
}

export interface EvaluateOptions {
  /** Clock for `within_last_days` (epoch ms); default Date.now(). */
  now?: number;
  /** Receives `missing: …` lines for references that resolved to nothing. */
  logs?: Set<string>;
  /** Receives each evaluated rule. */
  checks?: RuleCheck[];
}

const MAX_REASON = 500;

function clip(reason: string): string {
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
}

/** `{{trigger.custom.plan_name}}` → `Plan Name`; mixed templates show as written. */
function labelFor(template: string): string {
  const sole = parsedTemplate(template).sole;
  if (sole) {
    const last = [...sole.path].reverse().find((s): s is string => typeof s === 'string');
    return humanize(last ?? sole.root);
  }
  return template.length > 40 ? `${template.slice(0, 39)}…` : template;
}

function evaluateRule(rule: ConditionRule, scope: Scope, now: number, options: EvaluateOptions): Evaluation {
  const info = operatorInfo(rule.op);
  if (info.arity === 1 && typeof rule.right !== 'string') {
    throw new ConditionError(`Condition on ${rule.left}: "${rule.op}" needs a value to compare with`);
  }
  if (info.arity === 2 && !Array.isArray(rule.right)) {
    throw new ConditionError(`Condition on ${rule.left}: "${rule.op}" needs a [low, high] pair`);
  }
  const left = render(rule.left, scope, options.logs);
  const right =
    info.arity === 0 || rule.right === undefined
      ? undefined
      : Array.isArray(rule.right)
        ? rule.right.map((r) => render(r, scope, options.logs))
        : render(rule.right, scope, options.logs);
  const impl = OPERATOR_IMPL[rule.op];
  const outcome = impl.run(left, right, now);
  options.checks?.push({ left, op: rule.op, ...(info.arity === 0 ? {} : { right }), passed: outcome.passed });
  const subject = `"${labelFor(rule.left)}" (${showValue(left)})`;
  if (outcome.note) return { passed: outcome.passed, reason: `${subject} ${outcome.note}` };
  const phrase = impl.phrase[outcome.passed ? 0 : 1];
  if (info.arity === 0) return { passed: outcome.passed, reason: `${subject} ${phrase}` };
  const rightText = impl.showRight ? impl.showRight(right) : showValue(right);
  return { passed: outcome.passed, reason: `${subject} ${phrase} ${rightText}` };
}

function evaluateGroup(group: ConditionGroup, scope: Scope, now: number, options: EvaluateOptions): Evaluation {
  const { mode, items } = groupItems(group);
  if (items.length === 0) return { passed: mode === 'all', reason: 'no conditions' };
  const reasons: string[] = [];
  for (const item of items) {
    const result = isConditionGroup(item) ? evaluateGroup(item, scope, now, options) : evaluateRule(item, scope, now, options);
    if (mode === 'all' && !result.passed) return result;
    if (mode === 'any' && result.passed) return result;
    reasons.push(items.length > 1 && isConditionGroup(item) ? `(${result.reason})` : result.reason);
  }
  return { passed: mode === 'all', reason: clip(reasons.join(mode === 'all' ? ' and ' : ', and ')) };
}

/**
 * Evaluates ALL / ANY groups (nested) against a scope. The reason names the deciding rule
 * when one decides, or all of them when every rule was needed. Throws ConditionError when
 * a condition cannot be evaluated (bad pattern, missing operand).
 */
export function evaluate(conditions: ConditionGroup, scope: Scope, options: EvaluateOptions = {}): Evaluation {
  const result = evaluateGroup(conditions, scope, options.now ?? Date.now(), options);
  return { passed: result.passed, reason: clip(result.reason) };
}
