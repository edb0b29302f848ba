/**
 * The engine's `connections` resolver: loads a Connection scoped by workspace, opens its secret
 * (AES-256-GCM, the workspace id as associated data), validates it against the connector's auth
 * fields and builds the connector's HTTP client for its use (steps or triggers: who retries),
 * wrapped in the per-connection rate limit. A process keeps what it opened (per platform and
 * use) while the row stays unchanged, so a busy connection is decrypted and given a client once,
 * not once per run.
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
  type OutboundGuard,
  type Registry,
} from '@konnect/sdk';
import { perOwner } from './per-owner';
import { connectionSecretValues, secretScrubber } from './secrets';
import { throttledHttp } from './throttled-http';
import type { BucketSpec } from './limits';

export interface ResolvedConnection {
  auth: unknown;
  http: HttpClient;
  /** The outbound guard `http` carries, for actions that open sockets themselves (SMTP). */
  guard?: OutboundGuard;
  /** Values that must never reach the event log (secret fields, credentials built from them). */
  secrets: string[];
}

export type ConnectionResolver = (connectionId: string | undefined, connectorKey: string) => Promise<ResolvedConnection>;

/**
 * What a connection's HTTP client is for, which decides who retries its requests (one retry
 * owner per layer; the layers of a run are listed at the top of run.ts):
 * - 'steps': the actions the engine runs (runs, and the builder's Test run). The engine owns step
 *   retries, counted per step across deferrals, so the client sends every request once: its own
 *   retries would multiply the sends of a POST answered 503 behind the engine's back.
 * - 'triggers': polls and the builder's trigger samples. These are reads (idempotent GETs) with
 *   no retry layer above them (a poll job has one attempt; a sample is one click), so the client
 *   keeps its bounded retries with backoff and Retry-After to ride out a transient 503 or 429.
 * ("Test connection" builds its own client with one attempt and a deadline: the user is waiting.)
 */
export type ConnectionUse = 'steps' | 'triggers';

/** The HTTP client options of a connection used for `use`, from the platform's extras. */
export function httpOptionsFor(use: ConnectionUse, extras: Partial<HttpClientOptions> = {}): Partial<HttpClientOptions> {
  return use === 'steps' ? { ...extras, retry: { ...extras.retry, retries: 0 } } : extras;
}

export interface ConnectionDeps {
  db: Db;
  keyring: Keyring;
  registry: Registry;
  /** Who uses the clients (and so who retries their requests). */
  use: ConnectionUse;
  /** Extras for every client (outbound guard, timeouts, retry policy for triggers). */
  httpOptions?: Partial<HttpClientOptions>;
  /** Per-connection rate limit; omitted: no limit. */
  rateLimit?: { redis: Redis; keyFor: (connectionId: string) => string; spec: BucketSpec; maxWaitMs?: number };
  /** Opened connections shared across resolvers of the same use (runs); omitted: every resolver opens its own. */
  cache?: OpenedConnections;
}

const configError = (message: string) => new ConnectorError({ kind: 'config', message, retryable: false });

function connectorOf(registry: Registry, key: string): ConnectorDef {
  const connector = registry.connector(key);
  if (!connector) throw configError(`unknown connector "${key}"`);
  return connector;
}

/** The columns of a Connection row the resolver needs (the claim statement returns them too). */
export interface ConnectionRow {
  id: string;
  workspaceId: string;
  connectorKey: string;
  name: string;
  secret: string;
  settings: unknown;
}

const ROW_SELECT = { id: true, workspaceId: true, connectorKey: true, name: true, secret: true, settings: true } as const;

/** A row's stored values: non-secret settings overlaid by the decrypted secret fields. */
function openRow(keyring: Keyring, row: ConnectionRow, connectorKey: string): unknown {
  if (row.connectorKey !== connectorKey) {
    throw configError(`connection "${row.name}" is a ${row.connectorKey} connection, not ${connectorKey}`);
  }
  let secret: unknown;
  try {
    secret = JSON.parse(open(keyring, row.secret, row.workspaceId));
  } catch (err) {
    throw configError(`connection "${row.name}" cannot be opened: ${err instanceof Error ? err.message : String(err)}`);
  }
  const settings = typeof row.settings === 'object' && row.settings !== null && !Array.isArray(row.settings) ? row.settings : {};
  if (typeof secret !== 'object' || secret === null || Array.isArray(secret)) {
    throw configError(`connection "${row.name}" holds no values`);
  }
  return { ...settings, ...secret };
}

async function loadRow(db: Db, workspaceId: string, connectionId: string): Promise<ConnectionRow> {
  const row = await db.connection.findFirst({ where: { id: connectionId, workspaceId }, select: ROW_SELECT });
  if (!row) throw configError(`connection "${connectionId}" does not exist in this workspace`);
  return row;
}

/** The connection's stored values: non-secret settings overlaid by the decrypted secret fields. */
export async function loadConnectionAuth(
  deps: Pick<ConnectionDeps, 'db' | 'keyring'>,
  workspaceId: string,
  connectionId: string,
  connectorKey: string,
): Promise<unknown> {
  return openRow(deps.keyring, await loadRow(deps.db, workspaceId, connectionId), connectorKey);
}

/**
 * The message with every secret value of the connection scrubbed (its secret fields and the auth
 * headers built from them, in each spelling): for messages stored on the connection or sent in
 * alerts (statusMessage), which every member reads. Defence in depth behind the SDK's and the run's
 * redaction; a connection that cannot be opened leaves the message as it is.
 */
export async function scrubForConnection(
  deps: Pick<ConnectionDeps, 'db' | 'keyring' | 'registry'>,
  workspaceId: string,
  connectionId: string,
  message: string,
): Promise<string> {
  const row = await deps.db.connection.findFirst({ where: { id: connectionId, workspaceId }, select: ROW_SELECT });
  const connector = row ? deps.registry.connector(row.connectorKey) : undefined;
  if (!row || !connector) return message;
  let secrets: string[];
  try {
    secrets = connectionSecretValues(connector, parseAuth(connector, openRow(deps.keyring, row, row.connectorKey)));
  } catch {
    return message;
  }
  return secretScrubber(secrets).text(message);
}

/**
 * Opened connections kept by a process (one cache per platform): decrypting, validating and
 * building the client (and its sockets) once, not once per run. An entry is used only while the
 * row is unchanged: it is keyed by id and checked against everything it was built from (workspace,
 * connector, the sealed secret, whose IV changes on every re-seal, and the settings), so an edited,
 * re-keyed or moved connection is opened afresh. Entries idle for `ttlMs` are dropped.
 */
export interface OpenedConnections {
  get(row: ConnectionRow, connectorKey: string, build: () => ResolvedConnection): ResolvedConnection;
  /** The client of a connector without auth (one per connector key). */
  unauthenticated(connectorKey: string, build: () => ResolvedConnection): ResolvedConnection;
  readonly size: number;
}

export function openedConnections(opts: { ttlMs?: number; max?: number; now?: () => number } = {}): OpenedConnections {
  const ttlMs = opts.ttlMs ?? 5 * 60_000;
  const max = opts.max ?? 1000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { fingerprint: string; value: ResolvedConnection; usedAt: number }>();
  const plain = new Map<string, ResolvedConnection>();
  const fingerprint = (row: ConnectionRow, connectorKey: string) =>
    [row.workspaceId, row.connectorKey, connectorKey, row.secret, JSON.stringify(row.settings ?? null)].join('\u0000');
  return {
    get(row, connectorKey, build) {
      const at = now();
      const print = fingerprint(row, connectorKey);
      const hit = entries.get(row.id);
      entries.delete(row.id);
      if (hit && hit.fingerprint === print && at - hit.usedAt <= ttlMs) {
        entries.set(row.id, { ...hit, usedAt: at });
        return hit.value;
      }
      const value = build();
      entries.set(row.id, { fingerprint: print, value, usedAt: at });
      // Oldest first (Map order is least recently used first): drop the expired and the overflow.
      for (const [id, entry] of entries) {
        if (entries.size <= max && at - entry.usedAt <= ttlMs) break;
        entries.delete(id);
      }
      return value;
    },
    unauthenticated(connectorKey, build) {
      let value = plain.get(connectorKey);
      if (!value) {
        value = build();
        plain.set(connectorKey, value);
      }
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}

const cachesOf = perOwner<object, Map<ConnectionUse, OpenedConnections>>(() => new Map());

/**
 * The cache of opened connections belonging to `owner` (a platform) for one use, made on first
 * use: a client built for a poll (which retries) is never handed to a run (which must not).
 */
export function openedConnectionsOf(owner: object, use: ConnectionUse): OpenedConnections {
  const byUse = cachesOf(owner);
  let cache = byUse.get(use);
  if (!cache) {
    cache = openedConnections();
    byUse.set(use, cache);
  }
  return cache;
}

/**
 * A resolver for one workspace; each connection is opened once per resolver (one run). Rows in
 * `preloaded` (fetched with the run's claim) are used instead of a query; with `deps.cache`, an
 * unchanged connection opened by an earlier run is reused.
 */
export function connectionResolver(deps: ConnectionDeps, workspaceId: string, preloaded: readonly ConnectionRow[] = []): ConnectionResolver {
  const cache = new Map<string, Promise<ResolvedConnection>>();
  const rows = new Map(preloaded.filter((r) => r.workspaceId === workspaceId).map((r) => [r.id, r]));
  const httpOptions = httpOptionsFor(deps.use, deps.httpOptions);
  const guard = httpOptions.guard ? { guard: httpOptions.guard } : {};
  const build = (connector: ConnectorDef, connectionId: string, row: ConnectionRow): ResolvedConnection => {
    const auth = parseAuth(connector, openRow(deps.keyring, row, connector.key));
    const http = connectionHttp(connector, auth, httpOptions);
    const limit = deps.rateLimit;
    return {
      auth,
      ...guard,
      secrets: connectionSecretValues(connector, auth),
      http: limit
        ? throttledHttp(http, limit.redis, limit.keyFor(connectionId), { ...limit.spec, ...(limit.maxWaitMs !== undefined ? { maxWaitMs: limit.maxWaitMs } : {}) })
        : http,
    };
  };
  const resolve = async (connectionId: string | undefined, connectorKey: string): Promise<ResolvedConnection> => {
    const connector = connectorOf(deps.registry, connectorKey);
    if (connector.auth.kind === 'none') {
      const make = (): ResolvedConnection => ({ auth: undefined, http: connectionHttp(connector, undefined, httpOptions), ...guard, secrets: [] });
      return deps.cache ? deps.cache.unauthenticated(connectorKey, make) : make();
    }
    if (!connectionId) throw configError(`${connector.name} needs a connection`);
    const row = rows.get(connectionId) ?? (await loadRow(deps.db, workspaceId, connectionId));
    const make = () => build(connector, connectionId, row);
    return deps.cache ? deps.cache.get(row, connectorKey, make) : make();
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
