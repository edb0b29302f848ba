import { z } from 'zod';

/** The value types operators apply to, for grouping in the builder. */
export type OperandType = 'text' | 'number' | 'date' | 'boolean' | 'list' | 'any';

export interface OperatorInfo {
  key: string;
  label: string;
  /** The group the builder lists the operator under. */
  group: OperandType;
  /** Types of left-hand values the operator makes sense for. */
  types: readonly OperandType[];
  /** Right-hand operands: 0 (none), 1 (a template), 2 (a [low, high] pair). */
  arity: 0 | 1 | 2;
}

export const OPERATORS = [
  { key: 'equals', label: 'equals', group: 'text', types: ['text', 'number', 'date', 'boolean'], arity: 1 },
  { key: 'not_equals', label: 'does not equal', group: 'text', types: ['text', 'number', 'date', 'boolean'], arity: 1 },
  { key: 'contains', label: 'contains', group: 'text', types: ['text'], arity: 1 },
  { key: 'not_contains', label: 'does not contain', group: 'text', types: ['text'], arity: 1 },
  { key: 'starts_with', label: 'starts with', group: 'text', types: ['text'], arity: 1 },
  { key: 'ends_with', label: 'ends with', group: 'text', types: ['text'], arity: 1 },
  { key: 'is_empty', label: 'is empty', group: 'text', types: ['text', 'list'], arity: 0 },
  { key: 'is_not_empty', label: 'is not empty', group: 'text', types: ['text', 'list'], arity: 0 },
  { key: 'matches', label: 'matches pattern', group: 'text', types: ['text'], arity: 1 },
  { key: 'eq', label: '= (number)', group: 'number', types: ['number'], arity: 1 },
  { key: 'ne', label: '≠ (number)', group: 'number', types: ['number'], arity: 1 },
  { key: 'lt', label: '< (number)', group: 'number', types: ['number'], arity: 1 },
  { key: 'lte', label: '≤ (number)', group: 'number', types: ['number'], arity: 1 },
  { key: 'gt', label: '> (number)', group: 'number', types: ['number'], arity: 1 },
  { key: 'gte', label: '≥ (number)', group: 'number', types: ['number'], arity: 1 },
  { key: 'between', label: 'is between (number)', group: 'number', types: ['number'], arity: 2 },
  { key: 'before', label: 'is before (date)', group: 'date', types: ['date'], arity: 1 },
  { key: 'after', label: 'is after (date)', group: 'date', types: ['date'], arity: 1 },
  { key: 'within_last_days', label: 'is within the last N days', group: 'date', types: ['date'], arity: 1 },
  { key: 'is_true', label: 'is true', group: 'boolean', types: ['boolean'], arity: 0 },
  { key: 'is_false', label: 'is false', group: 'boolean', types: ['boolean'], arity: 0 },
  { key: 'exists', label: 'exists', group: 'any', types: ['any'], arity: 0 },
  { key: 'not_exists', label: 'does not exist', group: 'any', types: ['any'], arity: 0 },
  { key: 'list_contains', label: 'list contains', group: 'list', types: ['list'], arity: 1 },
  { key: 'list_not_contains', label: 'list does not contain', group: 'list', types: ['list'], arity: 1 },
] as const satisfies readonly OperatorInfo[];

type OperatorKey = (typeof OPERATORS)[number]['key'];

export const Operator = z.enum(OPERATORS.map((o) => o.key) as [OperatorKey, ...OperatorKey[]]).meta({
  label: 'Operator',
});
export type Operator = z.infer<typeof Operator>;

const BY_KEY: ReadonlyMap<string, OperatorInfo> = new Map(OPERATORS.map((o) => [o.key, o]));

export function operatorInfo(op: Operator): OperatorInfo {
  const info = BY_KEY.get(op);
  if (!info) throw new Error(`unknown operator "${op}"`);
  return info;
}
