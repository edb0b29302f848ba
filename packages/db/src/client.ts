import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { pgConfigFromUrl } from './pg-config';

export type Db = PrismaClient;

/** A Prisma client on adapter-pg (a driver adapter is mandatory in Prisma 7). */
export function createDb(databaseUrl: string, opts: { max?: number } = {}): Db {
  const { config, schema } = pgConfigFromUrl(databaseUrl);
  const adapter = new PrismaPg({ ...config, max: opts.max ?? 10 }, { schema });
  return new PrismaClient({ adapter });
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
