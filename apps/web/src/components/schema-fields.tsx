'use client';

/**
 * Renders a connector's auth fields from their JSON Schema (labels, descriptions, placeholders
 * and `secret` from the fields' `.meta()`): secret fields are password inputs and never prefilled.
 */
import { Field } from './field';
import type { FieldSpec } from './schema-field-specs';

export { fieldSpecs, fieldValues, initialValues, type FieldSpec } from './schema-field-specs';

interface SchemaFieldsProps {
  idPrefix: string;
  specs: FieldSpec[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  errors: Record<string, string>;
  /** Editing: secret fields may stay empty to keep the stored value (shown by its masked hint). */
  keepSecretHint?: string;
}

export function SchemaFields({ idPrefix, specs, values, onChange, errors, keepSecretHint }: SchemaFieldsProps) {
  return (
    <>
      {specs.map((f) => {
        const id = `${idPrefix}-${f.name}`;
        const error = errors[f.name];
        if (f.kind === 'checkbox') {
          return (
            <label key={f.name} htmlFor={id} className="flex items-center gap-2 text-sm">
              <input id={id} type="checkbox" checked={values[f.name] === 'true'} onChange={(e) => onChange(f.name, String(e.target.checked))} />
              {f.label}
            </label>
          );
        }
        if (f.kind === 'select') {
          return (
            <div key={f.name} className="flex flex-col gap-1">
              <label htmlFor={id} className="text-sm font-medium text-slate-800">
                {f.label}
              </label>
              <select id={id} value={values[f.name] ?? ''} onChange={(e) => onChange(f.name, e.target.value)} className="rounded-md border border-slate-300 px-3 py-2 text-sm">
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
        const keeping = f.secret && keepSecretHint !== undefined;
        return (
          <Field
            key={f.name}
            id={id}
            name={f.name}
            label={f.label}
            type={f.kind}
            required={f.required && !keeping}
            autoComplete={f.secret ? 'off' : undefined}
            spellCheck={false}
            placeholder={keeping ? `Leave empty to keep ${keepSecretHint || 'the current value'}` : f.placeholder}
            description={f.description}
            error={error}
            value={values[f.name] ?? ''}
            onChange={(e) => onChange(f.name, e.target.value)}
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
