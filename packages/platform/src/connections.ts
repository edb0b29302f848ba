/**
 * The engine's `connections` resolver: loads a Connection scoped by workspace, opens its secret
 * (AES-256-GCM, the workspace id as associated data), validates it against the connector's auth
 * fields and builds the connector's HTTP client, wrapped in the per-connection rate limit.
 */
import type { Redis } from 'ioredis';
import { open, type Db, type Keyring } from '@konnect/db';
import {
  ConnectorError,
  connectionHttp,
  parseAuth,
  type ConnectorDef,
  type HttpClient,
  type HttpClientOptions,
  type Registry,
} from '@konnect/sdk';
import { throttledHttp } from './throttled-http';
import type { BucketSpec } from './limits';

export interface ResolvedConnection {
  auth: unknown;
  http: HttpClient;
}

export type ConnectionResolver = (connectionId: string | undefined, connectorKey: string) => Promise<ResolvedConnection>;

export interface ConnectionDeps {
  db: Db;
  keyring: Keyring;
  registry: Registry;
  /** Extras for every client (outbound guard, timeouts, retry policy). */
  httpOptions?: Partial<HttpClientOptions>;
  /** Per-connection rate limit; omitted: no limit. */
  rateLimit?: { redis: Redis; keyFor: (connectionId: string) => string; spec: BucketSpec; maxWaitMs?: number };
}

const configError = (message: string) => new ConnectorError({ kind: 'config', message, retryable: false });

function connectorOf(registry: Registry, key: string): ConnectorDef {
  const connector = registry.connector(key);
  if (!connector) throw configError(`unknown connector "${key}"`);
  return connector;
}

/** The connection's stored values: non-secret settings overlaid by the decrypted secret fields. */
export async function loadConnectionAuth(
  deps: Pick<ConnectionDeps, 'db' | 'keyring'>,
  workspaceId: string,
  connectionId: string,
  connectorKey: string,
): Promise<unknown> {
  const row = await deps.db.connection.findFirst({ where: { id: connectionId, workspaceId } });
  if (!row) throw configError(`connection "${connectionId}" does not exist in this workspace`);
  if (row.connectorKey !== connectorKey) {
    throw configError(`connection "${row.name}" is a ${row.connectorKey} connection, not ${connectorKey}`);
  }
  let secret: unknown;
  try {
    secret = JSON.parse(open(deps.keyring, row.secret, workspaceId));
  } catch (err) {
    throw configError(`connection "${row.name}" cannot be opened: ${err instanceof Error ? err.message : String(err)}`);
  }
  const settings = typeof row.settings === 'object' && row.settings !== null && !Array.isArray(row.settings) ? row.settings : {};
  if (typeof secret !== 'object' || secret === null || Array.isArray(secret)) {
    throw configError(`connection "${row.name}" holds no values`);
  }
  return { ...settings, ...secret };
}

/** A resolver for one workspace; each connection is opened once per resolver (one run). */
export function connectionResolver(deps: ConnectionDeps, workspaceId: string): ConnectionResolver {
  const cache = new Map<string, Promise<ResolvedConnection>>();
  const resolve = async (connectionId: string | undefined, connectorKey: string): Promise<ResolvedConnection> => {
    const connector = connectorOf(deps.registry, connectorKey);
    if (connector.auth.kind === 'none') {
      return { auth: undefined, http: connectionHttp(connector, undefined, deps.httpOptions) };
    }
    if (!connectionId) throw configError(`${connector.name} needs a connection`);
    const raw = await loadConnectionAuth(deps, workspaceId, connectionId, connectorKey);
    const auth = parseAuth(connector, raw);
    const http = connectionHttp(connector, auth, deps.httpOptions);
    const limit = deps.rateLimit;
    return {
      auth,
      http: limit
        ? throttledHttp(http, limit.redis, limit.keyFor(connectionId), { ...limit.spec, ...(limit.maxWaitMs !== undefined ? { maxWaitMs: limit.maxWaitMs } : {}) })
        : http,
    };
  };
  return (connectionId, connectorKey) => {
    const key = `${connectorKey}\u0000${connectionId ?? ''}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = resolve(connectionId, connectorKey);
      cache.set(key, hit);
      hit.catch(() => cache.delete(key));
    }
    return hit;
  };
}
