'use client';

/**
 * A condition group: ALL / ANY toggle, its conditions, and (at the top level) nested groups one
 * level deep. Used by Filter and by each Path branch.
 */
import { groupItems, isConditionGroup, type ConditionGroup, type FieldPath } from '@konnect/schemas';
import { useId } from 'react';
import { Button } from '@/components/button';
import { ConditionRuleRow } from './condition-rule';
import { addGroup, addRule, removeItem, setItem, setMode, type Mode } from './conditions-edit';
import { messagesAt, type PanelProblem } from './problems';

interface ConditionBuilderProps {
  group: ConditionGroup;
  onChange: (next: ConditionGroup) => void;
  problems: readonly PanelProblem[];
  /** Where the group sits in the step (`['conditions']`, `['branches', 0, 'conditions']`). */
  path: FieldPath;
  /** "Group 3" for a nested group; absent at the top. */
  name?: string;
  onRemove?: () => void;
}

function ModeToggle({ mode, onChange, label }: { mode: Mode; onChange: (m: Mode) => void; label: string }) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex rounded-md border border-slate-300 p-0.5 text-xs font-semibold">
      {(['all', 'any'] as const).map((m) => (
        <label key={m} className={`cursor-pointer rounded px-2 py-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ${mode === m ? 'bg-indigo-600 text-white' : 'text-slate-600 hover:bg-slate-100'}`}>
          <input type="radio" name={name} value={m} checked={mode === m} onChange={() => onChange(m)} className="sr-only" />
          {m.toUpperCase()}
        </label>
      ))}
    </div>
  );
}

export function ConditionBuilder({ group, onChange, problems, path, name, onRemove }: ConditionBuilderProps) {
  const { mode, items } = groupItems(group);
  const nested = name !== undefined;
  const messages = messagesAt(problems, path);
  return (
    <div role="group" aria-label={name ?? 'Conditions'} className={`flex flex-col gap-2 ${nested ? 'rounded-md border border-dashed border-slate-300 bg-slate-50 p-2' : ''}`}>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        {nested ? <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">{name}:</span> : null}
        <span>Match</span>
        <ModeToggle mode={mode} onChange={(m) => onChange(setMode(group, m))} label={nested ? `${name} match` : 'Match'} />
        <span>of these conditions</span>
        {onRemove ? (
          <Button variant="ghost" className="ml-auto px-2 py-0.5 text-xs" aria-label={`Remove ${name?.toLowerCase() ?? 'group'}`} onClick={onRemove}>
            Remove group
          </Button>
        ) : null}
      </div>
      {items.map((item, i) => {
        const at: FieldPath = [...path, mode, i];
        const label = `${nested ? `${name} condition` : 'Condition'} ${i + 1}`;
        if (isConditionGroup(item)) {
          if (nested) {
            // The builder nests one level; a deeper group (made through the API) is kept, shown, and removable.
            return (
              <div key={i} role="group" aria-label={`${label} (nested group)`} className="flex items-center justify-between gap-2 rounded-md bg-white px-3 py-2 text-xs text-slate-600">
                <span>
                  A nested {groupItems(item).mode.toUpperCase()} group with {groupItems(item).items.length} condition(s), kept as it is.
                </span>
                <Button variant="ghost" className="px-2 py-0.5 text-xs" aria-label={`Remove ${label.toLowerCase()}`} onClick={() => onChange(removeItem(group, i))}>
                  Remove
                </Button>
              </div>
            );
          }
          return (
            <ConditionBuilder
              key={i}
              name={`Group ${i + 1}`}
              group={item}
              path={at}
              problems={problems}
              onChange={(g) => onChange(setItem(group, i, g))}
              onRemove={() => onChange(removeItem(group, i))}
            />
          );
        }
        return <ConditionRuleRow key={i} name={label} rule={item} path={at} problems={problems} onChange={(r) => onChange(setItem(group, i, r))} onRemove={() => onChange(removeItem(group, i))} />;
      })}
      {messages.length ? <p className="text-xs text-red-700">{messages.join(' · ')}</p> : null}
      <div className="flex gap-2">
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => onChange(addRule(group))}>
          + Add condition{nested ? ` to ${name?.toLowerCase()}` : ''}
        </Button>
        {!nested ? (
          <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => onChange(addGroup(group))}>
            + Add group
          </Button>
        ) : null}
      </div>
    </div>
  );
}
