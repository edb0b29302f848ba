/**
 * Shared by the ingress's integration tests: the environment both servers are built from (the test
 * database, a Redis prefix of this file, secrets), a web-standard handler served over real HTTP (the
 * Next.js route's function), Catch Hook konnectors turned on in a workspace, and clean-up.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeySpec, type Db } from '@konnect/db';
import { uniqueSuffix } from '@konnect/db/testing';
import { activate, type Platform } from '@konnect/platform';
import type { KonnectorDefinitionInput } from '@konnect/schemas';

/** Sets the variables the web app's and the ingress's env modules read (call before importing either). */
export function testEnv(file: string): { prefix: string } {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set: the global setup (src/global-setup.ts) did not run');
  const prefix = `${process.env.REDIS_PREFIX ?? 'ktest'}-ingress-${file}-${uniqueSuffix()}`;
  process.env.REDIS_PREFIX = prefix;
  process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString('hex');
  process.env.KONNECT_ENCRYPTION_KEY ||= generateKeySpec('test');
  process.env.NEXTAUTH_URL = 'http://localhost:3000';
  return { prefix };
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

export async function listening(server: Server): Promise<Served> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function webRequest(req: IncomingMessage, base: string, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Request(new URL(req.url ?? '/', base), { method: req.method ?? 'GET', headers, ...(req.method === 'POST' ? { body: new Uint8Array(body) } : {}) });
}

/**
 * The web app's route function over real HTTP, as `next start` serves it: the route's answer, then
 * next.config's headers for the path (`configHeaders`) over them (measured on `next start` 16.4: a
 * config header replaces the route's header of the same name).
 */
export async function serveRoute(
  post: (request: Request, context: { params: Promise<{ token: string }> }) => Promise<Response>,
  configHeaders: Record<string, string>,
): Promise<Served> {
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const token = decodeURIComponent(/^\/hooks\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
      const response = await post(webRequest(req, base, Buffer.concat(chunks)), { params: Promise.resolve({ token }) });
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...configHeaders });
      res.end(body);
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  const served = await listening(server);
  base = served.url;
  return served;
}

export async function createWorkspace(db: Db): Promise<string> {
  const suffix = uniqueSuffix();
  return (await db.workspace.create({ data: { name: `Ingress ${suffix}`, slug: `ingress-${suffix}` } })).id;
}

export const catchHook = (extra: Record<string, unknown> = {}) => ({ id: 'trigger' as const, connector: 'catch_hook', event: 'catch_hook', input: {}, ...extra });

/** A konnector with this definition, turned on; its hook token. */
export async function hookKonnector(p: Platform, workspaceId: string, definition: KonnectorDefinitionInput): Promise<string> {
  const row = await p.db.konnector.create({ data: { workspaceId, name: `Hook ${uniqueSuffix()}`, draft: definition as object } });
  const { hookToken } = await activate(p, workspaceId, row.id);
  if (!hookToken) throw new Error('no hook token');
  return hookToken;
}

/** Deletes this test's keys under its Redis prefix. */
export async function dropKeys(p: Platform, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await p.queues.redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await p.queues.redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
