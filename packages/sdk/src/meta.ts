import type { z } from 'zod';
import type { AnyObjectSchema, FieldMeta } from './types';

function inner(schema: z.core.$ZodType): z.core.$ZodType | undefined {
  const def: unknown = schema._zod.def;
  if (typeof def !== 'object' || def === null) return undefined;
  if ('innerType' in def) return def.innerType as z.core.$ZodType;
  if ('in' in def) return def.in as z.core.$ZodType;
  return undefined;
}

function metaOf(schema: z.core.$ZodType): Record<string, unknown> | undefined {
  const withMeta = schema as { meta?: () => unknown };
  const found = typeof withMeta.meta === 'function' ? withMeta.meta() : undefined;
  return typeof found === 'object' && found !== null ? (found as Record<string, unknown>) : undefined;
}

/**
 * A field's `.meta()`, wherever it sits: on the field itself or on the schema it wraps
 * (optional, nullable, default, pipe). Outer metadata wins over inner.
 */
export function fieldMeta(schema: z.core.$ZodType): Partial<FieldMeta> {
  const layers: Record<string, unknown>[] = [];
  let current: z.core.$ZodType | undefined = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    const meta = metaOf(current);
    if (meta) layers.unshift(meta);
    current = inner(current);
  }
  return Object.assign({}, ...layers) as Partial<FieldMeta>;
}

/** Names of an object schema's fields marked `secret: true`. */
export function secretFieldNames(fields: AnyObjectSchema): string[] {
  return Object.entries(fields.shape)
    .filter(([, field]) => fieldMeta(field).secret === true)
    .map(([name]) => name);
}
