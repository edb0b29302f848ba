/**
 * GET /api/v1/openapi.json: an OpenAPI 3.1 document generated from the route handlers
 * themselves — each handler made by route() carries its access level and zod schemas (`doc`),
 * so the document cannot drift from what the API parses.
 */
import type { Access, RouteDoc } from '../handler';
import { defaultScope } from '../principal';
import { sessionCookieName } from '../session';
import { hookOperation } from './hooks';
import { ROUTE_MODULES, openApiPath } from './route-modules';
import { objectProperties, schemaSet, type JsonSchema, type SchemaSet } from './schemas';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

const ACCESS_NOTE: Record<Access, string> = {
  public: 'No authentication.',
  user: 'Any signed-in user (session cookie or API token).',
  member: 'Members, admins and owners of the workspace.',
  admin: 'Admins and owners of the workspace.',
  owner: 'Owners of the workspace.',
};

function isRouteDoc(value: unknown): value is RouteDoc {
  return typeof value === 'object' && value !== null && typeof (value as { access?: unknown }).access === 'string';
}

/** The `doc` route() attaches to a handler, or undefined for anything else. */
export function docOf(handler: unknown): RouteDoc | undefined {
  if (typeof handler !== 'function') return undefined;
  const doc: unknown = (handler as { doc?: unknown }).doc;
  return isRouteDoc(doc) ? doc : undefined;
}

const errorRef = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function operationId(method: Method, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .map((seg) => (seg.startsWith('{') ? `by_${seg.slice(1, -1)}` : seg.replace(/[^A-Za-z0-9]+/g, '_')));
  return [method.toLowerCase(), ...words].join('_');
}

function tagOf(path: string): string {
  const segs = path.replace(/^\/api\/v1\//, '').split('/');
  const inWorkspace = segs[0] === 'workspaces' && segs.length > 2 ? segs[2] : segs[0];
  return inWorkspace ?? 'api';
}

function parameters(path: string, doc: RouteDoc): JsonSchema[] {
  const out: JsonSchema[] = [];
  const declared = new Map((doc.params ? objectProperties(doc.params) : []).map((p) => [p.name, p.schema]));
  for (const match of path.matchAll(/\{([A-Za-z0-9_]+)\}/g)) {
    const name = match[1] ?? '';
    out.push({ name, in: 'path', required: true, schema: declared.get(name) ?? { type: 'string' } });
  }
  for (const p of doc.query ? objectProperties(doc.query) : []) {
    const { description, ...schema } = p.schema;
    out.push({ name: p.name, in: 'query', required: p.required, schema, ...(typeof description === 'string' ? { description } : {}) });
  }
  return out;
}

function operation(method: Method, path: string, doc: RouteDoc, schemas: SchemaSet): JsonSchema {
  const id = operationId(method, path);
  const status = doc.status ?? (method === 'DELETE' ? 204 : 200);
  const responses: Record<string, unknown> = {
    [String(status)]: status === 204 ? { description: 'Done (no content)' } : { description: 'Success', content: { 'application/json': { schema: {} } } },
  };
  const takesInput = doc.params !== undefined || doc.query !== undefined || doc.body !== undefined;
  if (takesInput) responses['400'] = errorRef('Invalid input: `error.field` names the field (or `error.problems` lists definition problems)');
  if (doc.access !== 'public') responses['401'] = errorRef('Not signed in and no valid API token (unknown, revoked or expired)');
  const scope = doc.access === 'public' ? undefined : (doc.scope ?? defaultScope(method));
  if (scope) responses['403'] = errorRef(`An API token without the "${scope}" scope`);
  if (doc.access !== 'public' && doc.access !== 'user') {
    responses['403'] = errorRef(`The caller's role in the workspace is not enough, or an API token without the "${scope}" scope`);
    responses['404'] = errorRef('Not found in this workspace (other workspaces\' ids included)');
  }
  if (doc.body) responses['413'] = errorRef('Body larger than 1 MB');
  for (const [code, description] of Object.entries(doc.errors ?? {})) responses[code] = errorRef(description);
  responses.default = errorRef('Any other error');
  const params = parameters(path, doc);
  return {
    operationId: id,
    summary: doc.summary ?? `${method} ${path.replace(/^\/api\/v1/, '')}`,
    description: scope ? `${ACCESS_NOTE[doc.access]} API token scope: \`${scope}\`.` : ACCESS_NOTE[doc.access],
    tags: [tagOf(path)],
    // OpenAPI 3.1: a non-OAuth scheme's array lists the roles needed, here the token's scope.
    security: scope ? [{ session: [] }, { apiToken: [scope] }] : [],
    ...(scope ? { 'x-token-scope': scope } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemas.bodyRef(doc.body, `${id}_body`) } } } } : {}),
    responses,
  };
}

export function openApiDocument(): JsonSchema {
  const schemas = schemaSet();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const mod of ROUTE_MODULES) {
    const path = openApiPath(mod.file);
    for (const method of METHODS) {
      const doc = docOf(mod.handlers[method]);
      if (!doc) continue;
      paths[path] ??= {};
      paths[path][method.toLowerCase()] = operation(method, path, doc, schemas);
    }
  }
  paths['/hooks/{token}'] = hookOperation();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Konnect API',
      version: '1',
      description:
        'Workspaces, connections, konnectors and their event log. Authenticate with the web session cookie or an API token ' +
        '(`Authorization: Bearer kn_…`, created in Settings; it acts in its own workspace only, until it expires, within its scopes: ' +
        '`read` for GET routes, `write` for creating, changing and deleting, `run` for test runs, code runs, replays and Test connection; ' +
        'each operation names its scope in `x-token-scope`; a missing scope is a 403 naming it). Errors are `{ error: { code, message, field?, problems? } }`.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { apiToken: [] }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: sessionCookieName() },
        apiToken: { type: 'http', scheme: 'bearer', bearerFormat: 'kn_…' },
      },
      schemas: schemas.components(),
    },
  };
}
