import { formatPath } from '@konnect/schemas';
import type { AnyObjectSchema } from '@konnect/sdk';
import type { z } from 'zod';

type Schema = z.core.$ZodType;

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

export type InputCheck = { ok: true; input: Record<string, unknown> } | { ok: false; message: string };

/** Fits and validates an action's rendered input; the message names every bad field. */
export function checkActionInput(schema: AnyObjectSchema, rendered: unknown): InputCheck {
  const fitted = fitToSchema(schema, rendered);
  const parsed = schema.safeParse(fitted);
  if (parsed.success) return { ok: true, input: parsed.data };
  const message = parsed.error.issues
    .map((issue) => {
      const field = formatPath(issue.path.map((p) => (typeof p === 'number' ? p : String(p))));
      return field ? `Input "${field}": ${issue.message}` : `Input: ${issue.message}`;
    })
    .join('; ');
  return { ok: false, message };
}
