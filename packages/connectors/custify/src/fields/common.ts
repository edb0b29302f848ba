import { z } from 'zod';

const HEX24 = /^[0-9a-fA-F]{24}$/;

/** A Custify internal id (24-hex ObjectId): rejects emails and external keys by mistake. */
export function internalId(label: string, description: string) {
  return z
    .string()
    .trim()
    .regex(HEX24, `${label} must be a Custify internal id (24 hex characters)`)
    .meta({ label, description, identifier: 'internal_id' as const });
}

/** A non-empty text field. */
export function text(label: string, description?: string) {
  return z
    .string()
    .trim()
    .min(1, `${label} must not be empty`)
    .meta({ label, ...(description ? { description } : {}) });
}

export function isoDate(label: string, description?: string) {
  return z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), `${label} must be an ISO-8601 date, e.g. 2026-01-31T12:00:00Z`)
    .meta({ label, description: description ?? 'ISO-8601 date, e.g. 2026-01-31T12:00:00Z' });
}

export const entityModel = z
  .enum(['Company', 'People'])
  .meta({ label: 'Entity type', description: 'Whether the entity is a company or a person.' });

/** The entity a note/task/ticket/file/… belongs to: internal id + entity type. */
export function entityFields(what: string) {
  return {
    entity: internalId('Entity ID', `Internal Custify id of the company or person this ${what} belongs to.`),
    entityModel,
  };
}

export const customAttributes = z
  .record(z.string(), z.unknown())
  .meta({ label: 'Custom attributes', description: 'Attribute name → value; only the given attributes change.' });

/**
 * A list of internal ids: an array, or a comma-separated string (what a mapped field
 * usually holds).
 */
export function internalIdList(label: string, description: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .refine((v) => splitIds(v).length > 0, `${label} needs at least one id`)
    .refine(
      (v) => splitIds(v).every((id) => HEX24.test(id)),
      `${label} must hold Custify internal ids (24 hex characters)`,
    )
    .meta({ label, description, identifier: 'internal_id' as const });
}

export function splitIds(value: string | string[]): string[] {
  const parts = Array.isArray(value) ? value : value.split(',');
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** superRefine check: at least one of `keys` must be given (issue reported on the first key). */
export function requireOneOf(keys: readonly [string, ...string[]]) {
  return <T extends object>(value: T, ctx: z.RefinementCtx<T>) => {
    const fields = new Map<string, unknown>(Object.entries(value));
    if (keys.some((k) => present(fields.get(k)))) return;
    ctx.addIssue({ code: 'custom', path: [keys[0]], message: `One of ${keys.join(', ')} is required` });
  };
}

/** superRefine check: when `idKey` is absent (a create), every one of `keys` is required. */
export function requireUnless(idKey: string, keys: readonly string[]) {
  return <T extends object>(value: T, ctx: z.RefinementCtx<T>) => {
    const fields = new Map<string, unknown>(Object.entries(value));
    if (present(fields.get(idKey))) return;
    for (const key of keys) {
      if (!present(fields.get(key))) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when ${idKey} is not given` });
      }
    }
  };
}

export const failIfNotFound = z
  .boolean()
  .default(true)
  .meta({
    label: 'Fail if not found',
    description: 'When off, a missing record returns { found: false } instead of failing the step.',
  });

export const tagOperation = z.enum(['add', 'remove']).meta({ label: 'Operation', description: 'Add the tag, or remove it.' });
