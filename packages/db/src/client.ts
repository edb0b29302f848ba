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

/**
 * Rows of a Prisma.sql statement run straight on the client's pg pool, skipping Prisma's query
 * pipeline (about a third of the CPU of $queryRaw): for the run path's hot statements. Values are
 * bound as parameters as $queryRaw binds them; pg's own parsing applies to the result (jsonb
 * parsed, timestamptz as Date; select timestamp-without-time-zone columns `AT TIME ZONE 'UTC'`,
 * pg would read them in the process's time zone). Falls back to $queryRaw for clients it did not
 * make or whose pool has been ended ($disconnect).
 */
export async function queryRows<T>(db: Db, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool || pool.ended) return db.$queryRaw<T[]>(query);
  const result = await pool.query<T & pg.QueryResultRow>(query.text, query.values as unknown[]);
  return result.rows;
}

/** Rows affected by a Prisma.sql statement run on the client's pg pool (see queryRows). */
export async function executeSql(db: Db, query: Prisma.Sql): Promise<number> {
  const pool = pools.get(db);
  if (!pool || pool.ended) return db.$executeRaw(query);
  const result = await pool.query(query.text, query.values as unknown[]);
  return result.rowCount ?? 0;
}

/** One client per process per URL (Next.js dev reloads modules; keep it on globalThis); the first call sizes its pool. */
export function sharedDb(databaseUrl: string, opts: { max?: number } = {}): Db {
  const g = globalThis as unknown as { __konnectDb?: Map<string, Db> };
  g.__konnectDb ??= new Map();
  let db = g.__konnectDb.get(databaseUrl);
  if (!db) {
    db = createDb(databaseUrl, opts);
    g.__konnectDb.set(databaseUrl, db);
  }
  return db;
}

/** Runs a statement inside `withSqlTransaction`: rows of a Prisma.sql query. */
export type SqlQuery = <T>(query: Prisma.Sql) => Promise<T[]>;

/**
 * A short transaction straight on the client's pg pool (BEGIN … COMMIT, ROLLBACK when `fn`
 * throws): for hot paths where many callers contend (Prisma's interactive transactions give up
 * after 2 s waiting for a connection). Falls back to $transaction for clients createDb did not make.
 */
export async function withSqlTransaction<T>(db: Db, fn: (query: SqlQuery) => Promise<T>): Promise<T> {
  const pool = pools.get(db);
  if (!pool || pool.ended) {
    return db.$transaction((tx) => fn(<R>(q: Prisma.Sql) => tx.$queryRaw<R[]>(q)), { maxWait: 60_000, timeout: 60_000 });
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(async <R>(q: Prisma.Sql) => (await client.query<R & pg.QueryResultRow>(q.text, q.values as unknown[])).rows);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    // A connection that cannot roll back is broken: the pool drops it instead of reusing it.
    const broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    client.release(broken);
    throw err;
  }
}
