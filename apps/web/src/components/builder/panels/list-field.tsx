'use client';

/** A list: items filled in one by one (objects with their own fields, or single values), or one mapped list field. */
import type { FieldPath, MappedValue } from '@konnect/schemas';
import { Button } from '@/components/button';
import { isRecord, textOf, valueOf, withKey } from './input-values';
import { MappedField } from './mapped-field';
import { MappedInput } from './mapped-input';
import { MappedTextField } from './mapped-text-field';
import { messagesAt, messagesUnder, type PanelProblem } from './problems';
import type { FieldDescriptor } from '@/components/schema-descriptors';
import { WholeValueToggle } from './whole-value-toggle';

interface ListFieldProps {
  field: FieldDescriptor;
  value: MappedValue | undefined;
  onChange: (next: MappedValue | undefined) => void;
  problems: readonly PanelProblem[];
  path: FieldPath;
}

export function ListField({ field, value, onChange, problems, path }: ListFieldProps) {
  const items = Array.isArray(value) ? value : [];
  const set = (next: MappedValue[]) => onChange(next.length ? next : undefined);
  const itemKind = field.itemKind === 'number' ? 'number' : field.itemKind === 'boolean' ? 'boolean' : 'text';

  if (typeof value === 'string') {
    return (
      <div className="flex flex-col gap-1">
        <MappedTextField
          label={field.label}
          required={field.required}
          description={field.description}
          placeholder="Insert a list field"
          value={textOf(value)}
          onChange={(t) => onChange(valueOf('text', t) ?? '')}
          messages={messagesUnder(problems, path)}
        />
        <WholeValueToggle whole what="list" onToggle={() => onChange(undefined)} />
      </div>
    );
  }

  const messages = messagesAt(problems, path);
  return (
    <fieldset className="flex min-w-0 flex-col gap-2 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-800">
        {field.label}
        {field.required ? <span className="text-red-600"> *</span> : null}
      </legend>
      {field.description ? <p className="text-xs text-slate-500">{field.description}</p> : null}
      {items.map((item, i) =>
        field.fields ? (
          <div key={i} role="group" aria-label={`${field.label} ${i + 1}`} className="flex flex-col gap-3 rounded-md bg-slate-50 p-3">
            <div className="flex items-center justify-between">
              <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                {field.label} {i + 1}
              </span>
              <Button variant="ghost" className="px-2 py-0.5 text-xs" aria-label={`Remove ${field.label} ${i + 1}`} onClick={() => set(items.filter((_, j) => j !== i))}>
                Remove
              </Button>
            </div>
            {field.fields.map((sub) => {
              const record = isRecord(item) ? item : {};
              return (
                <MappedField
                  key={sub.key}
                  field={sub}
                  value={record[sub.key]}
                  path={[...path, i, sub.key]}
                  problems={problems}
                  onChange={(v) => set(items.map((old, j) => (j === i ? withKey(record, sub.key, v) : old)))}
                />
              );
            })}
          </div>
        ) : (
          <div key={i} className="flex items-start gap-2">
            <div className="min-w-0 flex-1">
              <MappedInput id={`${path.join('-')}-${i}`} label={`${field.label} ${i + 1}`} value={textOf(item)} onChange={(t) => set(items.map((old, j) => (j === i ? (valueOf(itemKind, t) ?? '') : old)))} />
            </div>
            <Button variant="ghost" className="mt-0.5 px-2" aria-label={`Remove ${field.label} ${i + 1}`} onClick={() => set(items.filter((_, j) => j !== i))}>
              ×
            </Button>
          </div>
        ),
      )}
      {messages.length ? <p className="text-xs text-red-700">{messages.join(' · ')}</p> : null}
      <div className="flex items-center gap-2">
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => onChange([...items, field.fields ? {} : ''])}>
          + Add to {field.label}
        </Button>
        <WholeValueToggle whole={false} what="list" onToggle={() => onChange('')} />
      </div>
    </fieldset>
  );
}
