/**
 * Shared fixtures for this package's integration tests: a platform on the test database and a
 * Redis prefix of its own per test file, plus workspace / connection / konnector rows. Each test
 * file cleans up its own rows and keys.
 */
import { seal, type Db } from '@konnect/db';
import { testDb, testKeyring, uniqueSuffix } from '@konnect/db/testing';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import type { HttpClientOptions, Registry } from '@konnect/sdk';
import { createPlatform, type EngineTuning, type Platform, type PlatformLimits } from './platform';
import { createQueues, createRedis } from './queues';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export interface TestPlatform {
  p: Platform;
  db: Db;
  prefix: string;
  close(): Promise<void>;
}

export const quietLog = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

export async function testPlatform(
  file: string,
  registry: Registry,
  limits: Partial<PlatformLimits> = {},
  engine: EngineTuning = {},
  httpOptions?: Partial<HttpClientOptions>,
): Promise<TestPlatform> {
  const db = await testDb();
  const redis = createRedis(REDIS_URL);
  const prefix = `${process.env.REDIS_PREFIX ?? 'ktest'}-${file}-${uniqueSuffix()}`;
  const queues = createQueues(redis, prefix);
  const p = createPlatform({ db, queues, registry, keyring: testKeyring, limits, log: quietLog, engine, ...(httpOptions ? { httpOptions } : {}) });
  return {
    p,
    db,
    prefix,
    async close() {
      await queues.close();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
      await db.$disconnect();
    },
  };
}

export async function createWorkspace(db: Db): Promise<string> {
  const suffix = uniqueSuffix();
  const ws = await db.workspace.create({ data: { name: `Test ${suffix}`, slug: `test-${suffix}` } });
  return ws.id;
}

export async function createConnection(
  db: Db,
  workspaceId: string,
  connectorKey: string,
  values: Record<string, unknown>,
): Promise<string> {
  const sealed = seal(testKeyring, JSON.stringify(values), workspaceId);
  const row = await db.connection.create({
    data: { workspaceId, connectorKey, name: `${connectorKey} ${uniqueSuffix()}`, secret: sealed.envelope, keyVersion: sealed.keyId },
  });
  return row.id;
}

export async function createKonnector(db: Db, workspaceId: string, draft: KonnectorDefinitionInput): Promise<string> {
  const row = await db.konnector.create({ data: { workspaceId, name: `Konnector ${uniqueSuffix()}`, draft: draft as object } });
  return row.id;
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
