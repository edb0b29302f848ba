/**
 * A connector's fields as form fields, from their JSON Schema (labels, descriptions, placeholders,
 * defaults and `secret` from the fields' `.meta()`), and the form's text back to API values.
 * Plain TypeScript (no JSX) so it is unit-tested; schema-fields.tsx draws them.
 */
import type { JsonSchema } from '@/lib/api-types';

export interface FieldSpec {
  name: string;
  label: string;
  description?: string;
  placeholder?: string;
  secret: boolean;
  required: boolean;
  kind: 'text' | 'password' | 'url' | 'email' | 'number' | 'checkbox' | 'select';
  options: string[];
  /** The schema's default, as the form's initial text (never for secret fields). */
  defaultValue?: string;
}

/** A new form's values: each field's schema default. */
export function initialValues(specs: readonly FieldSpec[]): Record<string, string> {
  return Object.fromEntries(specs.flatMap((f) => (f.defaultValue === undefined ? [] : [[f.name, f.defaultValue]])));
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
    const defaultValue = !secret && p.default !== undefined && p.default !== null && typeof p.default !== 'object' ? String(p.default) : undefined;
    return {
      name,
      label: str(p.label) ?? str(p.title) ?? humanize(name),
      description: str(p.description),
      placeholder: str(p.placeholder) ?? example,
      secret,
      required: required.has(name),
      kind,
      options,
      ...(defaultValue !== undefined ? { defaultValue } : {}),
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
