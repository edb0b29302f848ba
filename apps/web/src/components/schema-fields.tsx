'use client';

/**
 * Renders a connector's auth fields from their JSON Schema (labels, descriptions, placeholders
 * and `secret` from the fields' `.meta()`): secret fields are password inputs and never prefilled.
 */
import type { JsonSchema } from '@/lib/api-types';
import { Field } from './field';

export interface FieldSpec {
  name: string;
  label: string;
  description?: string;
  placeholder?: string;
  secret: boolean;
  required: boolean;
  kind: 'text' | 'password' | 'url' | 'email' | 'number' | 'checkbox' | 'select';
  options: string[];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function humanize(name: string): string {
  const spaced = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function fieldSpecs(schema: JsonSchema): FieldSpec[] {
  const s = schema as { properties?: Record<string, unknown>; required?: unknown };
  const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(s.properties ?? {}).map(([name, raw]) => {
    const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const secret = p.secret === true;
    const options = Array.isArray(p.enum) ? p.enum.map(String) : [];
    const type = p.type;
    const kind: FieldSpec['kind'] = secret
      ? 'password'
      : options.length
        ? 'select'
        : type === 'boolean'
          ? 'checkbox'
          : type === 'number' || type === 'integer'
            ? 'number'
            : p.format === 'uri'
              ? 'url'
              : p.format === 'email'
                ? 'email'
                : 'text';
    const example = p.example !== undefined && typeof p.example !== 'object' ? String(p.example) : undefined;
    return {
      name,
      label: str(p.label) ?? str(p.title) ?? humanize(name),
      description: str(p.description),
      placeholder: str(p.placeholder) ?? example,
      secret,
      required: required.has(name),
      kind,
      options,
    };
  });
}

/** Form strings → the values the API expects (numbers and booleans converted, empty optional fields left out). */
export function fieldValues(specs: FieldSpec[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of specs) {
    const v = values[f.name] ?? '';
    if (f.kind === 'checkbox') out[f.name] = v === 'true';
    else if (v.trim() === '') continue;
    else if (f.kind === 'number') out[f.name] = Number(v);
    else out[f.name] = v;
  }
  return out;
}

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
