/**
 * `route()`: the one wrapper every API route handler goes through. It refuses cross-site writes
 * that ride on the session cookie (same-origin.ts), authenticates, resolves
 * the workspace from the path (`/api/v1/workspaces/[workspaceId]/…`) and checks the role, parses
 * params, query and body with the route's zod schemas, calls the handler (which calls ONE
 * service function) and maps every error in one place (errors.ts).
 */
import { z } from 'zod';
import type { Db, Role, TokenScope } from '@konnect/db';
import { loadWebEnv } from '../env';
import { readJsonBody } from './body';
import { clientInfo, type ClientInfo } from './client-ip';
import { AppError, errorResponse, fromZodError } from './errors';
import { unstorableText } from '@konnect/platform';
import { withTransportSecurity } from '../security-headers';
import { authenticate, defaultScope, requireScope, type Principal } from './principal';
import { assertSameOrigin } from './same-origin';
import { db as sharedDb } from './services';
import { resolveWorkspace, type WorkspaceScope } from './workspace-scope';

/** 'public': no auth; 'user': any signed-in caller; a role: a workspace route needing that role. */
export type Access = 'public' | 'user' | Role;

interface BaseContext<P, Q, B> {
  req: Request;
  params: P;
  query: Q;
  body: B;
  db: Db;
  /** The caller's IP (client-ip.ts) and user agent. */
  client: ClientInfo;
}

interface UserContext<P, Q, B> extends BaseContext<P, Q, B> {
  principal: Principal;
}

interface WorkspaceContext<P, Q, B> extends UserContext<P, Q, B> {
  ws: WorkspaceScope;
}

export type HandlerContext<A extends Access, P, Q, B> = A extends 'public'
  ? BaseContext<P, Q, B>
  : A extends 'user'
    ? UserContext<P, Q, B>
    : WorkspaceContext<P, Q, B>;

type AnySchema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<A extends Access, PS, QS, BS, R> {
  access: A;
  /**
   * The API-token scope this route needs: 'read' for GET, 'write' for other methods, unless
   * declared (e.g. 'run' for test runs and replays, 'read' for a POST that changes nothing).
   */
  scope?: TokenScope;
  params?: PS;
  query?: QS;
  body?: BS;
  /** Success status; default 200 (204 when the handler returns undefined). */
  status?: number;
  /** One line for the OpenAPI document (server/openapi). */
  summary?: string;
  /** Error statuses this route answers beyond the common ones (400, 401, 403, 404, 413), for the OpenAPI document. */
  errors?: Record<number, string>;
  handle(ctx: HandlerContext<A, Out<PS>, Out<QS>, Out<BS>>): Promise<R>;
}

export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

function parseWith(schema: AnySchema | undefined, value: unknown, prefix?: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, prefix);
  const bad = unstorableText(result.data);
  if (bad) {
    const field = [...(prefix ? [prefix] : []), ...bad.path].join('.');
    throw new AppError('bad_request', `${field || 'input'}: ${bad.reason}`, field || undefined);
  }
  return result.data;
}

function rawWorkspaceId(params: Record<string, string | string[] | undefined>): string {
  const id = params.workspaceId;
  if (typeof id !== 'string' || id === '') throw new Error('route(): a workspace route needs a [workspaceId] path segment');
  return id;
}

/** What a route handler declares about itself; the OpenAPI document is generated from it. */
export interface RouteDoc {
  access: Access;
  /** Set when the route declares one; else defaultScope(method). */
  scope?: TokenScope;
  params?: AnySchema;
  query?: AnySchema;
  body?: AnySchema;
  status?: number;
  summary?: string;
  errors?: Record<number, string>;
}

export type RouteHandler = ((req: Request, context: RouteContext) => Promise<Response>) & { readonly doc: RouteDoc };

export function route<A extends Access, PS extends AnySchema | undefined = undefined, QS extends AnySchema | undefined = undefined, BS extends AnySchema | undefined = undefined, R = unknown>(
  spec: RouteSpec<A, PS, QS, BS, R>,
): RouteHandler {
  const doc: RouteDoc = {
    access: spec.access,
    ...(spec.scope ? { scope: spec.scope } : {}),
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.status !== undefined ? { status: spec.status } : {}),
    ...(spec.summary ? { summary: spec.summary } : {}),
    ...(spec.errors ? { errors: spec.errors } : {}),
  };
  const handler = async (req: Request, context: RouteContext): Promise<Response> => {
    const url = new URL(req.url);
    try {
      const env = loadWebEnv();
      assertSameOrigin(req, env.NEXTAUTH_URL);
      const db = sharedDb();
      const client = clientInfo(req, env.TRUSTED_PROXIES);
      const rawParams = (await context.params) ?? {};
      let principal: Principal | undefined;
      let ws: WorkspaceScope | undefined;
      if (spec.access !== 'public') {
        principal = await authenticate(req, db);
        requireScope(principal, spec.scope ?? defaultScope(req.method));
        if (spec.access !== 'user') ws = await resolveWorkspace(db, principal, rawWorkspaceId(rawParams), spec.access, client);
      }
      const params = parseWith(spec.params, rawParams);
      const query = parseWith(spec.query, Object.fromEntries(url.searchParams));
      const body = spec.body ? parseWith(spec.body, (await readJsonBody(req)) ?? {}) : undefined;
      const ctx = { req, params, query, body, db, client, principal, ws } as HandlerContext<A, Out<PS>, Out<QS>, Out<BS>>;
      const result = await spec.handle(ctx);
      if (result === undefined) return withTransportSecurity(new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } }));
      // A handler that streams (a file download) answers its own Response.
      if (result instanceof Response) return withTransportSecurity(result);
      return withTransportSecurity(Response.json(result, { status: spec.status ?? 200, headers: { 'cache-control': 'no-store' } }));
    } catch (err) {
      return withTransportSecurity(errorResponse(err, `${req.method} ${url.pathname}`));
    }
  };
  return Object.assign(handler, { doc });
}

/** Common path-parameter schema pieces. */
export const idParam = (what: string) => z.string().min(1, `${what} is required`).max(64, `${what} is too long`);
