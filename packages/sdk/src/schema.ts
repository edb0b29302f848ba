import { z } from 'zod';
import type { AnyObjectSchema, AuthDef, ConnectorDef, TriggerDef } from './types';

export type JsonSchema = z.core.JSONSchema.JSONSchema;

/**
 * The JSON Schema of an input as the user fills it in (`io: 'input'`: fields with defaults
 * are optional). `.meta()` keys (label, description, identifier, secret, multiline,
 * placeholder, example, dynamicOptions) are kept on each property, so the UI renders the form from it.
 */
export function inputJsonSchema(schema: z.core.$ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', cycles: 'ref', reused: 'inline' });
  delete out.$schema;
  return out;
}

export interface CatalogueTrigger {
  key: string;
  name: string;
  description: string;
  kind: TriggerDef['kind'];
  /** Polling triggers: the dedupe strategy and default poll interval. */
  dedupe?: string;
  pollSeconds?: number;
  input: JsonSchema;
}

export interface CatalogueAction {
  key: string;
  name: string;
  description: string;
  group: string | null;
  destructive: boolean;
  /** Only reads: a Test run does not warn before it (every other action writes to the real app). */
  readOnly: boolean;
  input: JsonSchema;
}

export interface CatalogueEntry {
  key: string;
  name: string;
  description: string;
  category: 'app' | 'tool';
  icon: string;
  auth: { kind: AuthDef['kind']; fields: JsonSchema; scopes?: string[] };
  triggers: CatalogueTrigger[];
  actions: CatalogueAction[];
  /**
   * The connector's dynamic options lists by name (fields name them in `dynamicOptions`, kept on
   * each property of `input`): whether the app searches them (else the UI filters loaded items).
   */
  options?: Record<string, CatalogueOptions>;
}

export interface CatalogueOptions {
  searchable: boolean;
}

const EMPTY_OBJECT: JsonSchema = { type: 'object', properties: {}, additionalProperties: false };

function authFields(auth: AuthDef): AnyObjectSchema | undefined {
  return auth.kind === 'none' ? undefined : auth.fields;
}

/** A connector as the API and UI see it: plain JSON, no functions. */
export function describeConnector(connector: ConnectorDef): CatalogueEntry {
  const fields = authFields(connector.auth);
  return {
    key: connector.key,
    name: connector.name,
    description: connector.description,
    category: connector.category,
    icon: connector.icon,
    auth: {
      kind: connector.auth.kind,
      fields: fields ? inputJsonSchema(fields) : { ...EMPTY_OBJECT },
      ...(connector.auth.kind === 'oauth2' ? { scopes: [...connector.auth.scopes] } : {}),
    },
    triggers: connector.triggers.map((t) => ({
      key: t.key,
      name: t.name,
      description: t.description,
      kind: t.kind,
      ...(t.kind === 'polling' ? { dedupe: t.dedupe, ...(t.pollSeconds ? { pollSeconds: t.pollSeconds } : {}) } : {}),
      input: inputJsonSchema(t.input),
    })),
    actions: connector.actions.map((a) => ({
      key: a.key,
      name: a.name,
      description: a.description,
      group: a.group ?? null,
      destructive: a.destructive ?? false,
      readOnly: a.readOnly ?? false,
      input: inputJsonSchema(a.input),
    })),
    options: Object.fromEntries(Object.entries(connector.options ?? {}).map(([name, def]) => [name, { searchable: def.searchable === true }])),
  };
}
