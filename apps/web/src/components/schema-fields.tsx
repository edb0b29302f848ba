'use client';

/**
 * Renders a flat form (a connector's auth fields, a trigger's settings) from its field descriptors
 * (`flatFields` of the JSON Schema: labels, descriptions, placeholders and `secret` from the
 * fields' `.meta()`): booleans are checkboxes, enums selects, secret fields password inputs that
 * are never prefilled, fields naming `dynamicOptions` dropdowns filled from the app (when the form
 * sits in an options source, e.g. a trigger's settings).
 */
import type { HTMLInputTypeAttribute } from 'react';
import { FlatOptionsField } from './dynamic-options/flat-options-field';
import { Field } from './field';
import type { FieldDescriptor } from './schema-descriptors';

/** The `<input type>` of a text-like field. */
function inputType(f: FieldDescriptor): HTMLInputTypeAttribute {
  if (f.kind === 'secret') return 'password';
  if (f.kind === 'number') return 'number';
  if (f.format === 'uri') return 'url';
  if (f.format === 'email') return 'email';
  return 'text';
}

interface SchemaFieldsProps {
  idPrefix: string;
  fields: FieldDescriptor[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  errors: Record<string, string>;
  /** Editing: secret fields may stay empty to keep the stored value (shown by its masked hint). */
  keepSecretHint?: string;
}

export function SchemaFields({ idPrefix, fields, values, onChange, errors, keepSecretHint }: SchemaFieldsProps) {
  return (
    <>
      {fields.map((f) => {
        const id = `${idPrefix}-${f.key}`;
        const error = errors[f.key];
        if (f.kind === 'boolean') {
          return (
            <label key={f.key} htmlFor={id} className="flex items-center gap-2 text-sm">
              <input id={id} type="checkbox" checked={values[f.key] === 'true'} onChange={(e) => onChange(f.key, String(e.target.checked))} />
              {f.label}
            </label>
          );
        }
        if (f.kind === 'enum') {
          return (
            <div key={f.key} className="flex flex-col gap-1">
              <label htmlFor={id} className="text-sm font-medium text-slate-800">
                {f.label}
              </label>
              <select id={id} value={values[f.key] ?? ''} onChange={(e) => onChange(f.key, e.target.value)} className="rounded-md border border-slate-300 px-3 py-2 text-sm">
                {!f.required ? <option value="">—</option> : null}
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
              {error ? <p className="text-xs text-red-700">{error}</p> : null}
            </div>
          );
        }
        if (f.dynamicOptions) {
          return <FlatOptionsField key={f.key} id={id} field={{ ...f, dynamicOptions: f.dynamicOptions }} value={values[f.key] ?? ''} onChange={(v) => onChange(f.key, v)} error={error} />;
        }
        const secret = f.kind === 'secret';
        const keeping = secret && keepSecretHint !== undefined;
        return (
          <Field
            key={f.key}
            id={id}
            name={f.key}
            label={f.label}
            type={inputType(f)}
            required={f.required && !keeping}
            autoComplete={secret ? 'off' : undefined}
            spellCheck={false}
            placeholder={keeping ? `Leave empty to keep ${keepSecretHint || 'the current value'}` : f.placeholder}
            description={f.description}
            error={error}
            value={values[f.key] ?? ''}
            onChange={(e) => onChange(f.key, e.target.value)}
          />
        );
      })}
    </>
  );
}

/** An API error's `fields.<name>` → a per-field message. */
export function fieldErrorFrom(field: string | undefined, message: string): Record<string, string> | undefined {
  if (!field?.startsWith('fields.')) return undefined;
  const name = field.slice('fields.'.length).split('.')[0] ?? '';
  return { [name]: message.replace(/^[\w.]+: /, '') };
}
