/**
 * Shared test fixtures for integration tests (`*.int.test.ts`). The test command creates and
 * migrates one database per run and passes it in DATABASE_URL with KONNECT_TEST_DB_READY=1;
 * run alone (e.g. `pnpm vitest` in one package), this creates and migrates `konnect_test`.
 */
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from './client';
import { ensureDatabase } from './ensure-database';
import { migrateDeploy } from './migrate';
import { generateKeySpec, parseKeyring } from './crypto';

let ready: Promise<string> | undefined;

export function testDatabaseUrl(): Promise<string> {
  ready ??= (async () => {
    const url = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/konnect_test';
    if (process.env.KONNECT_TEST_DB_READY !== '1') {
      await ensureDatabase(url);
      await migrateDeploy(url);
    }
    return url;
  })();
  return ready;
}

export async function testDb(): Promise<Db> {
  return createDb(await testDatabaseUrl(), { max: 4 });
}

/** A unique suffix for rows a test creates (tests never depend on each other's rows). */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}

export const testKeyring = parseKeyring(generateKeySpec('test'));
