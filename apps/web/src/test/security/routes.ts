/**
 * Every HTTP handler the app serves under /api/v1 and /hooks, found by walking src/app for
 * route.ts files (not a hand-written list, so a new route is fuzzed and checked the day it lands).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteContext } from '@/server/handler';

const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../app');
const ROOTS = ['api/v1', 'hooks'];
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export type Handler = (req: Request, context: RouteContext) => Promise<Response>;

export interface Endpoint {
  /** The route file relative to src/app, e.g. `api/v1/workspaces/[workspaceId]/route.ts`. */
  file: string;
  /** `/api/v1/workspaces/[workspaceId]` */
  pattern: string;
  method: Method;
  /** Dynamic segments in order, e.g. ['workspaceId', 'konnectorId']. */
  params: string[];
  handler: Handler;
  /** 'public' | 'user' | a role, when the handler was built with route(); undefined for /hooks. */
  access: string | undefined;
  label: string;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [path.relative(APP_DIR, full).split(path.sep).join('/')] : [];
  });
}

export function paramNames(file: string): string[] {
  return [...file.matchAll(/\[([A-Za-z0-9_]+)\]/g)].map((m) => m[1] ?? '');
}

/** A path segment for any string (lone surrogates, which no URL can carry, become U+FFFD). */
const segment = (value: string) => encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

/** The URL path with the given param values (encoded) in place of the dynamic segments. */
export function urlPath(endpoint: Endpoint, values: Record<string, string>): string {
  return endpoint.pattern.replace(/\[([A-Za-z0-9_]+)\]/g, (_, name: string) => segment(values[name] ?? 'x'));
}

export async function endpoints(): Promise<Endpoint[]> {
  const files = ROOTS.flatMap((root) => routeFiles(path.join(APP_DIR, root))).sort();
  const out: Endpoint[] = [];
  for (const file of files) {
    const mod = (await import(path.join(APP_DIR, file))) as Record<string, unknown>;
    const pattern = `/${file.replace(/\/route\.ts$/, '')}`;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler !== 'function') continue;
      const access = (handler as { doc?: { access?: string } }).doc?.access;
      out.push({ file, pattern, method, params: paramNames(file), handler: handler as Handler, access, label: `${method} ${pattern}` });
    }
  }
  if (out.length === 0) throw new Error(`no route handlers found under ${APP_DIR}`);
  return out;
}
