/**
 * Which condition operators fit a field, by the field's sample type, and how the right-hand
 * value changes with the operator's arity. Pure.
 */
import { OPERATORS, operatorInfo, type ConditionRule, type OperandType, type Operator, type OperatorInfo } from '@konnect/schemas';
import type { AvailableField } from '@konnect/engine/fields';

export type FieldType = AvailableField['type'];

export const GROUP_LABELS: Record<OperandType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  boolean: 'True / false',
  list: 'List',
  any: 'Any value',
};

/** A field's sample type as an operand type; unknown (free text, no sample) → null. */
export function operandType(type: FieldType | null | undefined): OperandType | null {
  switch (type) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'list';
    case 'object':
      return 'any';
    default:
      return null;
  }
}

/** Operators for an operand type (those that apply, then "exists"-style ones); every operator when the type is unknown. */
export function operatorsFor(type: OperandType | null): OperatorInfo[] {
  if (type === null) return [...OPERATORS];
  return OPERATORS.filter((o) => (o.types as readonly OperandType[]).includes(type) || o.group === 'any');
}

/** The operator a new or re-typed condition starts with. */
export function defaultOperator(type: OperandType | null): Operator {
  switch (type) {
    case 'number':
      return 'eq';
    case 'date':
      return 'after';
    case 'boolean':
      return 'is_true';
    case 'list':
      return 'list_contains';
    case 'any':
      return 'exists';
    default:
      return 'equals';
  }
}

/** The right-hand value for `op`, keeping what was typed when the arity allows. */
export function rightFor(op: Operator, previous: ConditionRule['right']): ConditionRule['right'] {
  const arity = operatorInfo(op).arity;
  if (arity === 0) return undefined;
  if (arity === 1) return typeof previous === 'string' ? previous : Array.isArray(previous) ? previous[0] : '';
  if (Array.isArray(previous)) return previous;
  return [typeof previous === 'string' ? previous : '', ''];
}

/** The rule with a new operator (right-hand value reshaped). */
export function withOperator(rule: ConditionRule, op: Operator): ConditionRule {
  const right = rightFor(op, rule.right);
  const { right: _drop, ...rest } = rule;
  return right === undefined ? { ...rest, op } : { ...rest, op, right };
}

/**
 * The rule with a new left-hand field: when the current operator does not fit the new
 * field's type, it switches to that type's default operator.
 */
export function withLeft(rule: ConditionRule, left: string, type: OperandType | null): ConditionRule {
  const fits = operatorsFor(type).some((o) => o.key === rule.op);
  return fits ? { ...rule, left } : withOperator({ ...rule, left }, defaultOperator(type));
}
