import type { CollectionName, Collections, RecordPatch } from './collections';
import { notFound } from './errors';
import type { MultipartForm } from './multipart';
import type { SimStore } from './store';

/** What a route handler receives. */
export interface Ctx {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** The parsed multipart/form-data body, when the request sent one. */
  form: MultipartForm | null;
  store: SimStore;
}

/** What a route handler returns: a JSON body (or a Buffer sent as is) and a status (default 200). */
export interface Reply {
  status?: number;
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Reply;

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

/** A path parameter the route pattern guarantees. */
export function param(ctx: Ctx, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name} parameter`);
  return value;
}

/** The record with this id, or a 404. */
export function mustGet<C extends CollectionName>(ctx: Ctx, collection: C, id: string): Collections[C] {
  const record = ctx.store.get(collection, id);
  if (!record) throw notFound();
  return record;
}

/** `update` that cannot miss (the caller has just read the record). */
export function mustUpdate<C extends CollectionName>(
  ctx: Ctx,
  collection: C,
  id: string,
  patch: RecordPatch<C>,
): Collections[C] {
  const record = ctx.store.update(collection, id, patch);
  if (!record) throw notFound();
  return record;
}
