'use client';

/** One Field Mapping control, chosen by the field's kind (text, number, choice, secret, map, list, group). */
import type { FieldPath, MappedValue } from '@konnect/schemas';
import { useId } from 'react';
import { Field } from '@/components/field';
import { ChoiceField } from './choice-field';
import { DynamicField } from './dynamic-field';
import { isRecord, textOf, valueOf, withKey } from './input-values';
import { ListField } from './list-field';
import { MapField } from './map-field';
import { MappedTextField } from './mapped-text-field';
import { messagesAt, messagesUnder, normalizePath, type PanelProblem } from './problems';
import type { FieldDescriptor } from '@/components/schema-descriptors';

export interface MappedFieldProps {
  field: FieldDescriptor;
  value: MappedValue | undefined;
  onChange: (next: MappedValue | undefined) => void;
  problems: readonly PanelProblem[];
  /** Where the value sits in the step (`['input', 'email']`), for placing problems. */
  path: FieldPath;
}

function defaultHint(field: FieldDescriptor): string | undefined {
  if (field.defaultValue === undefined || typeof field.defaultValue === 'object') return field.placeholder;
  return field.placeholder ?? `Default: ${String(field.defaultValue)}`;
}

/** Marks the field's place for "touched" tracking (the side panel shows a required field's error only once it is touched). */
export function MappedField(props: MappedFieldProps) {
  return (
    <div className="contents" data-field-path={normalizePath(props.path)}>
      <MappedFieldControl {...props} />
    </div>
  );
}

function MappedFieldControl({ field, value, onChange, problems, path }: MappedFieldProps) {
  const secretId = useId();
  const common = { label: field.label, required: field.required, description: field.description };
  if (field.kind === 'text' && field.dynamicOptions) {
    return <DynamicField field={{ ...field, dynamicOptions: field.dynamicOptions }} value={value} onChange={onChange} messages={messagesAt(problems, path)} placeholder={defaultHint(field)} />;
  }
  switch (field.kind) {
    case 'text':
    case 'multiline':
    case 'number':
      return (
        <MappedTextField
          {...common}
          multiline={field.kind === 'multiline'}
          placeholder={defaultHint(field) ?? (field.kind === 'number' ? 'A number, or insert a field' : undefined)}
          value={textOf(value)}
          onChange={(t) => onChange(valueOf(field.kind, t))}
          messages={messagesAt(problems, path)}
        />
      );
    case 'enum':
    case 'boolean':
      return <ChoiceField field={field} value={value} onChange={onChange} messages={messagesAt(problems, path)} />;
    case 'secret':
      return (
        <Field
          id={secretId}
          label={field.label}
          type="password"
          autoComplete="off"
          required={field.required}
          description={field.description ?? 'Typed here and stored with the konnector; use a connection for app credentials.'}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(valueOf('text', e.target.value))}
          error={messagesAt(problems, path).join(' · ') || undefined}
        />
      );
    case 'map':
      return <MapField field={field} value={value} onChange={onChange} messages={messagesUnder(problems, path)} />;
    case 'list':
      return <ListField field={field} value={value} onChange={onChange} problems={problems} path={path} />;
    case 'group': {
      const record = isRecord(value) ? value : {};
      return (
        <fieldset className="flex min-w-0 flex-col gap-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-800">
            {field.label}
            {field.required ? <span className="text-red-600"> *</span> : null}
          </legend>
          {field.description ? <p className="text-xs text-slate-500">{field.description}</p> : null}
          {(field.fields ?? []).map((sub) => (
            <MappedField
              key={sub.key}
              field={sub}
              value={record[sub.key]}
              path={[...path, sub.key]}
              problems={problems}
              onChange={(v) => {
                const next = withKey(record, sub.key, v);
                onChange(Object.keys(next).length ? next : undefined);
              }}
            />
          ))}
        </fieldset>
      );
    }
  }
}
