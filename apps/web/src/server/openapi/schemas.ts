/**
 * Zod → JSON Schema for the OpenAPI document. Request bodies become named components (named after
 * their export in src/lib, e.g. `CreateKonnectorBody`); the definition's recursive schemas (steps,
 * conditions, mapped values) are components too, so every `$ref` points at `#/components/schemas/…`.
 */
import { z } from 'zod';
import { AllGroup, AnyGroup, ConditionGroup, ConditionItem, MappedValue, PathBranch, Problem, Step } from '@konnect/schemas';
import * as apiBodies from '../../lib/api-bodies';
import * as konnectorBodies from '../../lib/konnector-bodies';
import type { AppErrorCode } from '../errors';

export type JsonSchema = Record<string, unknown>;

const ERROR_CODES: Record<AppErrorCode, string> = {
  bad_request: 'The request is malformed: `field` names the offending field',
  invalid_definition: 'The konnector definition has problems (`problems` lists them)',
  unauthorized: 'No valid session cookie or API token',
  forbidden: 'Signed in, but the role is not enough, or the API token lacks the scope the route needs',
  not_found: 'No such resource in this workspace (other workspaces\' ids are not found either)',
  conflict: 'The resource is in a state that does not allow it',
  payload_too_large: 'The body is larger than 1 MB',
  unprocessable: 'Well-formed, but what it names cannot be used as it is (422), e.g. a connection whose app refused its credentials: reconnect it',
  rate_limited: 'Too many requests (429; `Retry-After` says when to try again)',
  unavailable: 'A service Konnect needs is unavailable for now (503; `Retry-After` when known)',
  bad_gateway: 'An app Konnect called for the request failed or could not be reached (502); the message says what it answered',
  internal: 'Unexpected server error (nothing internal is revealed)',
};

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [AppErrorCode, ...AppErrorCode[]]),
      message: z.string(),
      field: z.string().optional().meta({ description: 'Dotted path of the offending field (400)' }),
      problems: z.array(Problem).optional().meta({ description: 'Definition problems (invalid_definition)' }),
    }),
  })
  .meta({ description: Object.entries(ERROR_CODES).map(([code, what]) => `${code}: ${what}`).join('; ') });

const SHARED: Record<string, z.ZodType> = { Step, PathBranch, MappedValue, ConditionGroup, ConditionItem, AllGroup, AnyGroup, Problem, Error: ErrorBody };

function namedBodies(): Map<z.ZodType, string> {
  const named = new Map<z.ZodType, string>();
  for (const [name, value] of [...Object.entries(apiBodies), ...Object.entries(konnectorBodies)]) {
    if (value instanceof z.ZodType && !named.has(value)) named.set(value, name);
  }
  return named;
}

export interface SchemaSet {
  /** `#/components/schemas/<name>` reference for a body schema (registered on first use). */
  bodyRef(schema: z.ZodType, fallbackName: string): JsonSchema;
  /** The components, once every body has been referenced. */
  components(): Record<string, JsonSchema>;
}

const REF_PREFIX = '#/components/schemas/';

/** Rewrites zod's `__shared` $defs (schemas used twice without a name) into components of their own. */
function hoistShared(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const shared = schemas.__shared?.$defs;
  const out: Record<string, JsonSchema> = { ...schemas };
  delete out.__shared;
  if (typeof shared === 'object' && shared !== null) {
    for (const [name, schema] of Object.entries(shared)) out[`Shared_${name}`] = schema as JsonSchema;
  }
  const text = JSON.stringify(out).replaceAll(`${REF_PREFIX}__shared#/$defs/`, `${REF_PREFIX}Shared_`);
  const parsed = JSON.parse(text) as Record<string, JsonSchema>;
  for (const schema of Object.values(parsed)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return parsed;
}

export function schemaSet(): SchemaSet {
  const registry = z.registry<{ id: string }>();
  const used = new Set<string>();
  for (const [id, schema] of Object.entries(SHARED)) {
    registry.add(schema, { id });
    used.add(id);
  }
  const names = namedBodies();
  return {
    bodyRef(schema, fallbackName) {
      const existing = registry.get(schema)?.id;
      if (existing) return { $ref: `${REF_PREFIX}${existing}` };
      let id = names.get(schema) ?? fallbackName;
      for (let n = 2; used.has(id); n++) id = `${names.get(schema) ?? fallbackName}${n}`;
      used.add(id);
      registry.add(schema, { id });
      return { $ref: `${REF_PREFIX}${id}` };
    },
    components() {
      const { schemas } = z.toJSONSchema(registry, { io: 'input', unrepresentable: 'any', uri: (id) => `${REF_PREFIX}${id}` });
      return hoistShared(schemas as Record<string, JsonSchema>);
    },
  };
}

/** Each property of an object schema (params, query) as a JSON Schema, with whether it is required. */
export function objectProperties(schema: z.ZodType): { name: string; schema: JsonSchema; required: boolean }[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  return Object.entries(properties).map(([name, s]) => ({ name, schema: s, required: required.has(name) }));
}
