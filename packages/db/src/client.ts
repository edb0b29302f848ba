import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from './generated/prisma/client';
import { pgConfigFromUrl } from './pg-config';

export type Db = PrismaClient;

/** The pg pool under each client made by createDb (shared with Prisma's adapter). */
const pools = new WeakMap<Db, pg.Pool>();

/** A Prisma client on adapter-pg (a driver adapter is mandatory in Prisma 7). */
export function createDb(databaseUrl: string, opts: { max?: number } = {}): Db {
  const { config, schema } = pgConfigFromUrl(databaseUrl);
  const pool = new pg.Pool({ ...config, max: opts.max ?? 10 });
  // An idle connection's error (the server restarted) must not crash the process before Prisma
  // adds its own listener on first use; the next query on that connection reports it.
  pool.on('error', () => {});
  // The client owns the pool: $disconnect ends it.
  const adapter = new PrismaPg(pool, { schema, disposeExternalPool: true });
  const db = new PrismaClient({ adapter });
  pools.set(db, pool);
  return db;
}

export interface SqlOptions {
  /**
   * Run it as a named prepared statement (one per statement text, prepared once per pooled
   * connection): PostgreSQL then skips parsing and, once it settles on a generic plan, planning —
   * about half of its CPU for the run path's statements. Only for statements whose text takes a
   * few shapes (values bound as parameters, arrays as one array parameter), never for text built
   * from a growing list.
   */
  prepare?: boolean;
}

/** Statement names by text; bounded so a misuse cannot grow it without end. */
const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 500;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= MAX_STATEMENT_NAMES) statementNames.clear();
    name = `konnect_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

function poolQuery(pool: pg.Pool, query: Prisma.Sql, opts: SqlOptions) {
  const values = query.values as unknown[];
  return opts.prepare ? pool.query({ name: statementName(query.text), text: query.text, values }) : pool.query(query.text, values);
}

/**
 * Rows of a Prisma.sql statement run straight on the client's pg pool, skipping Prisma's query
 * pipeline (about a third of the CPU of $queryRaw): for the run path's hot statements. Values are
 * bound as parameters as $queryRaw binds them; pg's own parsing applies to the result (jsonb
 * parsed, timestamptz as Date; select timestamp-without-time-zone columns `AT TIME ZONE 'UTC'`,
 * pg would read them in the process's time zone). Falls back to $queryRaw for clients it did not
 * make or whose pool has been ended ($disconnect).
 */
export async function queryRows<T>(db: Db, query: Prisma.Sql, opts: SqlOptions = {}): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool || pool.ended) return db.$queryRaw<T[]>(query);
  const result = await poolQuery(pool, query, opts);
  return result.rows as T[];
}

/** Rows affected by a Prisma.sql statement run on the client's pg pool (see queryRows). */
export async function executeSql(db: Db, query: Prisma.Sql, opts: SqlOptions = {}): Promise<number> {
  const pool = pools.get(db);
  if (!pool || pool.ended) return db.$executeRaw(query);
  const result = await poolQuery(pool, query, opts);
  return result.rowCount ?? 0;
}

/** One client per process per URL (Next.js dev reloads modules; keep it on globalThis). */
export function sharedDb(databaseUrl: string): Db {
  const g = globalThis as unknown as { __konnectDb?: Map<string, Db> };
  g.__konnectDb ??= new Map();
  let db = g.__konnectDb.get(databaseUrl);
  if (!db) {
    db = createDb(databaseUrl);
    g.__konnectDb.set(databaseUrl, db);
  }
  return db;
}
