'use client';

/** One condition: field (data picker) → operator (by the field's type) → value (none, one, or two for "between"). */
import { operatorInfo, type ConditionRule, type FieldPath, type OperandType, type Operator } from '@konnect/schemas';
import { useId } from 'react';
import { Button } from '@/components/button';
import { useFields } from './fields-context';
import { MappedTextField } from './mapped-text-field';
import { GROUP_LABELS, operandType, operatorsFor, withLeft, withOperator } from './operators-by-type';
import { messagesAt, type PanelProblem } from './problems';
import { soleRef } from './template-segments';

interface ConditionRuleProps {
  /** "Condition 2", "Group 3 condition 1": names every control of the row. */
  name: string;
  rule: ConditionRule;
  onChange: (next: ConditionRule) => void;
  onRemove: () => void;
  problems: readonly PanelProblem[];
  path: FieldPath;
}

const VALUE_HINT: Partial<Record<Operator, string>> = {
  matches: 'A pattern, e.g. ^ACME',
  within_last_days: 'Number of days',
  before: 'A date, e.g. 2026-01-31',
  after: 'A date, e.g. 2026-01-31',
  list_contains: 'The item to look for',
  list_not_contains: 'The item to look for',
};

export function ConditionRuleRow({ name, rule, onChange, onRemove, problems, path }: ConditionRuleProps) {
  const opId = useId();
  const { typeOf } = useFields();
  const ref = soleRef(rule.left);
  const type: OperandType | null = ref ? operandType(typeOf(ref)) : rule.left.trim() === '' ? null : 'text';
  const ops = operatorsFor(type);
  const listed = ops.some((o) => o.key === rule.op) ? ops : [...ops, operatorInfo(rule.op)];
  const groups = [...new Set(listed.map((o) => o.group))];
  const arity = operatorInfo(rule.op).arity;
  const right = rule.right;
  const opMessages = messagesAt(problems, [...path, 'op']);

  return (
    <div role="group" aria-label={name} className="flex flex-col gap-2 rounded-md border border-slate-200 bg-white p-3">
      <div className="flex items-center justify-between">
        <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">{name}</span>
        <Button variant="ghost" className="px-2 py-0.5 text-xs" aria-label={`Remove ${name.toLowerCase()}`} onClick={onRemove}>
          Remove
        </Button>
      </div>
      <MappedTextField
        label={`${name} field`}
        placeholder="Insert a field"
        value={rule.left}
        messages={messagesAt(problems, [...path, 'left'])}
        onChange={(left) => {
          const nextRef = soleRef(left);
          onChange(withLeft(rule, left, nextRef ? operandType(typeOf(nextRef)) : left.trim() === '' ? null : 'text'));
        }}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={opId} className="text-sm font-medium text-slate-800">
          {name} operator
        </label>
        <select id={opId} value={rule.op} onChange={(e) => onChange(withOperator(rule, e.target.value as Operator))} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
          {groups.map((g) => (
            <optgroup key={g} label={GROUP_LABELS[g]}>
              {listed
                .filter((o) => o.group === g)
                .map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        {opMessages.length ? <p className="text-xs text-red-700">{opMessages.join(' · ')}</p> : null}
      </div>
      {arity === 1 ? (
        <MappedTextField
          label={`${name} value`}
          placeholder={VALUE_HINT[rule.op] ?? 'Type a value or insert a field'}
          value={typeof right === 'string' ? right : ''}
          messages={messagesAt(problems, [...path, 'right'])}
          onChange={(v) => onChange({ ...rule, right: v })}
        />
      ) : null}
      {arity === 2 ? (
        <div className="grid grid-cols-2 gap-2">
          {(['from', 'to'] as const).map((end, i) => {
            const pair: [string, string] = Array.isArray(right) ? right : ['', ''];
            return (
              <MappedTextField
                key={end}
                label={`${name} ${end}`}
                placeholder={i === 0 ? 'Low' : 'High'}
                value={pair[i] ?? ''}
                messages={[...messagesAt(problems, [...path, 'right', i]), ...(i === 0 ? messagesAt(problems, [...path, 'right']) : [])]}
                onChange={(v) => onChange({ ...rule, right: i === 0 ? [v, pair[1]] : [pair[0], v] })}
              />
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
