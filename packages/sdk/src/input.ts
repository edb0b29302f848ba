/**
 * The one way a value is checked against a connector's input or auth schema. An action's input
 * goes through `checkActionInput` both in live runs (the engine's action step) and in connector
 * tests (`runAction`, the test kit), so what a test accepts is what production accepts.
 */
import type { z } from 'zod';
import type { AnyObjectSchema } from './types';

type Schema = z.core.$ZodType;

/** One failing field: where (`contact.email`, `items[0].name`; '' for the value itself) and what. */
export interface InputIssue {
  field: string;
  message: string;
}

/** A checked value, or its issues and one message naming every bad field. */
export type InputCheck<T> = { ok: true; input: T } | { ok: false; issues: InputIssue[]; message: string };

/** `['contacts', 0, 'email']` → `contacts[0].email`. */
function fieldOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** `apiKey: Too small; baseUrl: Invalid URL` (at most five, then "and N more"). */
function describeIssues(issues: readonly InputIssue[]): string {
  const shown = issues.slice(0, 5).map(({ field, message }) => (field ? `${field}: ${message}` : message));
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  return shown.join('; ');
}

function check<S extends AnyObjectSchema>(
  schema: S,
  raw: unknown,
  describe: (issues: InputIssue[]) => string,
): InputCheck<z.output<S>> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return { ok: true, input: result.data };
  const issues = result.error.issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message }));
  return { ok: false, issues, message: describe(issues) };
}

/** Validates a value as it is (a missing value is `{}`); trigger inputs and connection values. */
export function checkInput<S extends AnyObjectSchema>(schema: S, raw: unknown): InputCheck<z.output<S>> {
  return check(schema, raw, describeIssues);
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The schema under optional / nullable / default / pipe wrappers. */
function baseOf(schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 16; i++) {
    const def = current._zod.def as z.core.$ZodTypeDef & { innerType?: Schema; in?: Schema };
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

function isOptional(schema: Schema): boolean {
  return schema._zod.optin === 'optional';
}

/**
 * Fits rendered values to the action's schema before validation, the way a form would:
 * numeric text into number fields, "true"/"false" into booleans, numbers and booleans into
 * text fields, and blank optional fields left out. Anything else is passed as is for the
 * schema to judge.
 */
export function fitToSchema(schema: Schema, value: unknown): unknown {
  const base = baseOf(schema);
  const def = base._zod.def as z.core.$ZodTypeDef & { shape?: Record<string, Schema>; element?: Schema };
  switch (def.type) {
    case 'number':
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return value;
    case 'boolean':
      if (value === 'true' || value === 'false') return value === 'true';
      return value;
    case 'string':
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return value;
    case 'array':
      return Array.isArray(value) && def.element ? value.map((v) => fitToSchema(def.element as Schema, v)) : value;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !def.shape) return value;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, field] of Object.entries(def.shape)) {
        if (!Object.hasOwn(out, key)) continue;
        const fitted = fitToSchema(field, out[key]);
        if (fitted === undefined || (isOptional(field) && fitted === '')) delete out[key];
        else out[key] = fitted;
      }
      return out;
    }
    default:
      return value;
  }
}

/** `Input "email": Invalid email address; Input "age": …`, every bad field. */
function describeActionIssues(issues: readonly InputIssue[]): string {
  return issues.map(({ field, message }) => (field ? `Input "${field}": ${message}` : `Input: ${message}`)).join('; ');
}

/**
 * An action's input as live runs and connector tests both take it: fitted to the schema
 * (`fitToSchema`), then validated; the message names every bad field.
 */
export function checkActionInput<S extends AnyObjectSchema>(schema: S, rendered: unknown): InputCheck<z.output<S>> {
  return check(schema, fitToSchema(schema, rendered ?? {}), describeActionIssues);
}
