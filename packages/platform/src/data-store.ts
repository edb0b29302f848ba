/**
 * The workspace data store (the Storage tool and the Storage page). Postgres is the truth: one
 * StoreEntry row per (workspaceId, key). Every write runs in one short transaction that first takes
 * the workspace's store lock (a transaction advisory lock), so the per-workspace limits (keys,
 * bytes) hold under any concurrency, and computes the new value in SQL from the stored one (an
 * Increment is `stored + by` in one statement, never read-modify-write in JS). A key whose
 * expiresAt has passed is absent to every reader and writer; the maintenance job deletes it
 * (`purgeExpiredStoreEntries`). Every statement names the workspace: nothing crosses tenants.
 */
import { randomUUID } from 'node:crypto';
import { Prisma, queryRows, withSqlTransaction, type Db, type SqlQuery } from '@konnect/db';
import type { Platform } from './platform';
import { ConnectorError, type StoreRead, type StoreValue, type WorkspaceStoreService } from '@konnect/sdk';

export const MAX_STORE_KEY_LENGTH = 512;
export const MAX_STORE_VALUE_BYTES = 256 * 1024;
export const MAX_STORE_TTL_SECONDS = 10 * 365 * 86_400;

export interface StoreLimits {
  /** Live keys per workspace (STORE_MAX_KEYS_PER_WORKSPACE). */
  maxKeys: number;
  /** Bytes of live values (as JSON text) per workspace (STORE_MAX_BYTES_PER_WORKSPACE). */
  maxBytes: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = { maxKeys: 10_000, maxBytes: 50 * 1024 * 1024 };

export type StoreErrorReason = 'invalid' | 'type' | 'limit' | 'exists';

/** A refused store operation: the input field it is about, and why (a step fails with it, the API answers 400/409). */
export class StoreError extends ConnectorError {
  constructor(
    readonly reason: StoreErrorReason,
    readonly field: string,
    message: string,
  ) {
    super({ kind: reason === 'limit' ? 'rate_limited' : 'validation', message, retryable: false });
    this.name = 'StoreError';
  }
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}

export interface StoreOptions {
  limits?: Partial<StoreLimits>;
  /** Clock for expiry; default: now. */
  now?: () => Date;
}

/** A JSON value as the store keeps it: JSON text, checked for size. */
function jsonText(value: unknown, field: string): string {
  const text = JSON.stringify(value === undefined ? null : value);
  if (Buffer.byteLength(text) > MAX_STORE_VALUE_BYTES) {
    throw new StoreError('invalid', field, `A stored value is at most 256 KB as JSON (this one is ${kb(Buffer.byteLength(text))})`);
  }
  return text;
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export function checkStoreKey(key: unknown): string {
  if (typeof key !== 'string' || key.trim() === '') throw new StoreError('invalid', 'key', 'A key is required');
  if (key.length > MAX_STORE_KEY_LENGTH) throw new StoreError('invalid', 'key', `A key is at most ${MAX_STORE_KEY_LENGTH} characters (this one has ${key.length})`);
  if (key.includes('\u0000')) throw new StoreError('invalid', 'key', 'A key cannot contain a NUL character');
  return key;
}

function checkTtl(ttlSeconds: number | undefined): number | undefined {
  if (ttlSeconds === undefined) return undefined;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_STORE_TTL_SECONDS) {
    throw new StoreError('invalid', 'ttlSeconds', `A time to live is a whole number of seconds from 1 to ${MAX_STORE_TTL_SECONDS} (10 years)`);
  }
  return ttlSeconds;
}

const utc = (at: Date) => Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
/** The row is not expired at `at` (the table named "StoreEntry"). */
const liveAt = (at: Date) => Prisma.sql`("StoreEntry"."expiresAt" IS NULL OR "StoreEntry"."expiresAt" > ${utc(at)})`;

interface Row {
  value: StoreValue;
  expiresAt: Date | null;
  bytes: number;
}

const readOf = (key: string, row: Row | undefined): StoreRead =>
  row ? { key, found: true, value: row.value, expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null } : { key, found: false, value: null, expiresAt: null };

function typeName(value: StoreValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

/** Text that is a plain decimal number ("42", "-1.5", "2e3"): Increment counts from it (a value typed in a text field). */
const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/;

const RETURNING = Prisma.sql`RETURNING "value", "expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", "bytes"`;

/** One workspace's store. */
export class WorkspaceStore implements WorkspaceStoreService {
  private readonly limits: StoreLimits;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    readonly workspaceId: string,
    opts: StoreOptions = {},
  ) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...opts.limits };
    this.now = opts.now ?? (() => new Date());
  }

  private async liveRow(q: SqlQuery, key: string, at: Date): Promise<Row | undefined> {
    const rows = await q<Row>(Prisma.sql`
      SELECT "value", "expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", "bytes" FROM "StoreEntry"
      WHERE "workspaceId" = ${this.workspaceId} AND "key" = ${key} AND ${liveAt(at)}`);
    return rows[0];
  }

  /**
   * One write under the workspace's store lock: `value` is the SQL of the new value (it may read
   * the stored row as "StoreEntry"."value" when `old` is set), then the size and the limits are
   * checked on what was written; a refusal rolls the write back.
   */
  private write(
    key: string,
    plan: (old: Row | undefined, at: Date) => { value: Prisma.Sql; expiresAt: Prisma.Sql } | undefined,
    field: string,
    onlyIfAbsent = false,
  ): Promise<StoreRead & { before?: StoreValue }> {
    checkStoreKey(key);
    return withSqlTransaction(this.db, async (q) => {
      await q(Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${`konnect-store:${this.workspaceId}`}, 0))::text AS locked`);
      const at = this.now();
      const old = await this.liveRow(q, key, at);
      if (old && onlyIfAbsent) throw new StoreError('exists', 'key', `The key "${key}" already exists`);
      const next = plan(old, at);
      if (!next) return { ...readOf(key, old), ...(old ? { before: old.value } : {}) };
      const usage = await q<{ keys: number; bytes: number }>(Prisma.sql`
        SELECT count(*)::int AS keys, coalesce(sum("bytes"), 0)::float8 AS bytes FROM "StoreEntry"
        WHERE "workspaceId" = ${this.workspaceId} AND "key" <> ${key} AND ${liveAt(at)}`);
      const written = (
        await q<Row>(Prisma.sql`
          INSERT INTO "StoreEntry" ("id", "workspaceId", "key", "value", "bytes", "expiresAt", "createdAt", "updatedAt")
          SELECT ${randomUUID()}, ${this.workspaceId}, ${key}, v.value, octet_length(v.value::text), ${next.expiresAt}, ${utc(at)}, ${utc(at)}
          FROM (SELECT ${old ? Prisma.sql`(SELECT ${next.value} FROM "StoreEntry" WHERE "workspaceId" = ${this.workspaceId} AND "key" = ${key})` : next.value} AS value) v
          ON CONFLICT ("workspaceId", "key") DO UPDATE SET
            "value" = excluded."value", "bytes" = excluded."bytes", "expiresAt" = excluded."expiresAt", "updatedAt" = excluded."updatedAt",
            "createdAt" = CASE WHEN ${old ? true : false} THEN "StoreEntry"."createdAt" ELSE excluded."createdAt" END
          ${RETURNING}`)
      )[0]!;
      if (written.bytes > MAX_STORE_VALUE_BYTES) {
        throw new StoreError('invalid', field, `A stored value is at most 256 KB as JSON; this one would be ${kb(written.bytes)}`);
      }
      const { keys, bytes } = usage[0]!;
      if (!old && keys + 1 > this.limits.maxKeys) {
        throw new StoreError('limit', 'key', `This workspace's store is full: it holds its limit of ${this.limits.maxKeys.toLocaleString('en-US')} keys. Delete keys (Storage page) or give keys a time to live.`);
      }
      if (written.bytes > (old?.bytes ?? 0) && bytes + written.bytes > this.limits.maxBytes) {
        throw new StoreError('limit', field, `This workspace's store is full: its values would take ${kb(bytes + written.bytes)}, over its limit of ${kb(this.limits.maxBytes)}. Delete keys (Storage page) or store smaller values.`);
      }
      return { ...readOf(key, written), ...(old ? { before: old.value } : {}) };
    });
  }

  private expiry(at: Date, ttlSeconds: number | undefined, keep: Row | undefined): Prisma.Sql {
    if (ttlSeconds !== undefined) return Prisma.sql`(${utc(at)} + make_interval(secs => ${ttlSeconds}::int))`;
    if (keep?.expiresAt) return Prisma.sql`(${keep.expiresAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
    return Prisma.sql`NULL::timestamp`;
  }

  async set(key: string, value: StoreValue, opts: { ttlSeconds?: number; onlyIfAbsent?: boolean } = {}): Promise<StoreRead> {
    const text = jsonText(value, 'value');
    const ttl = checkTtl(opts.ttlSeconds);
    const { before: _before, ...read } = await this.write(key, (_old, at) => ({ value: Prisma.sql`${text}::jsonb`, expiresAt: this.expiry(at, ttl, undefined) }), 'value', opts.onlyIfAbsent);
    return read;
  }

  async get(key: string): Promise<StoreRead> {
    checkStoreKey(key);
    const rows = await queryRows<Row>(this.db, Prisma.sql`
      SELECT "value", "expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", "bytes" FROM "StoreEntry"
      WHERE "workspaceId" = ${this.workspaceId} AND "key" = ${key} AND ${liveAt(this.now())}`);
    return readOf(key, rows[0]);
  }

  async delete(key: string): Promise<{ key: string; deleted: boolean }> {
    checkStoreKey(key);
    const rows = await queryRows<{ live: boolean }>(this.db, Prisma.sql`
      DELETE FROM "StoreEntry" WHERE "workspaceId" = ${this.workspaceId} AND "key" = ${key} RETURNING ${liveAt(this.now())} AS live`);
    return { key, deleted: rows[0]?.live === true };
  }

  async increment(key: string, by: number, opts: { ttlSeconds?: number } = {}): Promise<StoreRead & { value: number }> {
    if (typeof by !== 'number' || !Number.isFinite(by)) throw new StoreError('invalid', 'by', 'Increment by a number (e.g. 1, -1, 2.5)');
    const ttl = checkTtl(opts.ttlSeconds);
    const { before: _before, ...read } = await this.write(
      key,
      (old, at) => {
        if (old && typeof old.value !== 'number' && !(typeof old.value === 'string' && NUMERIC_TEXT.test(old.value))) {
          throw new StoreError('type', 'key', `The key "${key}" holds ${typeName(old.value)}, not a number: Increment needs a number there (or no key, which counts from 0)`);
        }
        const start = old ? Prisma.sql`("StoreEntry"."value" #>> '{}')::numeric` : Prisma.sql`0`;
        return { value: Prisma.sql`to_jsonb(${start} + ${String(by)}::numeric)`, expiresAt: this.expiry(at, ttl, old) };
      },
      'by',
    );
    return { ...read, value: read.value as number };
  }

  async append(key: string, item: StoreValue, opts: { ttlSeconds?: number } = {}): Promise<StoreRead & { value: StoreValue[] }> {
    const text = jsonText(item, 'item');
    const ttl = checkTtl(opts.ttlSeconds);
    const { before: _before, ...read } = await this.write(
      key,
      (old, at) => {
        if (old && !Array.isArray(old.value)) {
          throw new StoreError('type', 'key', `The key "${key}" holds ${typeName(old.value)}, not a list: Append to list needs a list there (or no key, which starts one)`);
        }
        const start = old ? Prisma.sql`"StoreEntry"."value"` : Prisma.sql`'[]'::jsonb`;
        return { value: Prisma.sql`(${start} || jsonb_build_array(${text}::jsonb))`, expiresAt: this.expiry(at, ttl, old) };
      },
      'item',
    );
    return { ...read, value: read.value as StoreValue[] };
  }

  async getList(key: string): Promise<StoreRead & { value: StoreValue[] }> {
    const read = await this.get(key);
    if (read.found && !Array.isArray(read.value)) {
      throw new StoreError('type', 'key', `The key "${key}" holds ${typeName(read.value)}, not a list`);
    }
    return { ...read, value: (read.value as StoreValue[] | null) ?? [] };
  }

  async remove(key: string, item: StoreValue): Promise<StoreRead & { value: StoreValue[]; removed: number }> {
    const text = jsonText(item, 'item');
    const read = await this.write(
      key,
      (old, at) => {
        if (!old) return undefined;
        if (!Array.isArray(old.value)) {
          throw new StoreError('type', 'key', `The key "${key}" holds ${typeName(old.value)}, not a list: Remove from list needs a list there`);
        }
        return {
          value: Prisma.sql`(SELECT coalesce(jsonb_agg(e ORDER BY i), '[]'::jsonb) FROM jsonb_array_elements("StoreEntry"."value") WITH ORDINALITY AS t(e, i) WHERE e <> ${text}::jsonb)`,
          expiresAt: this.expiry(at, undefined, old),
        };
      },
      'item',
    );
    const list = (read.value as StoreValue[] | null) ?? [];
    const before = Array.isArray(read.before) ? read.before.length : list.length;
    return { key, found: read.found, value: list, expiresAt: read.expiresAt, removed: before - list.length };
  }
}

/** The store service for one workspace's runs (`ExecuteOptions.services.store`). */
export function workspaceStore(db: Db, workspaceId: string, opts: StoreOptions = {}): WorkspaceStore {
  return new WorkspaceStore(db, workspaceId, opts);
}

/** The store of a workspace with this platform's limits (STORE_MAX_*). */
export function storeService(p: Platform, workspaceId: string, opts: Omit<StoreOptions, 'limits'> = {}): WorkspaceStore {
  return new WorkspaceStore(p.db, workspaceId, { ...opts, limits: { maxKeys: p.limits.storeMaxKeys, maxBytes: p.limits.storeMaxBytes } });
}

/** Expired keys of every workspace, deleted in batches; returns how many went. */
export async function purgeExpiredStoreEntries(db: Db, opts: { now?: Date; batchSize?: number } = {}): Promise<number> {
  const at = opts.now ?? new Date();
  const batch = opts.batchSize ?? 1000;
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM "StoreEntry" WHERE "id" IN (
        SELECT "id" FROM "StoreEntry" WHERE "expiresAt" <= ${utc(at)} LIMIT ${batch})`;
    total += deleted;
    if (deleted < batch) return total;
  }
}
