import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase, ensureDatabase } from './ensure-database';
import { migrateDeploy } from './migrate';
import { repoRoot } from './paths';
import { uniqueSuffix } from './testing';

const base = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/konnect_test');
base.pathname = `/konnect_mig_${uniqueSuffix()}`;
const url = base.toString();

afterAll(async () => {
  await dropDatabase(url);
});

describe('migrations', () => {
  it('migrate an empty database from zero to the whole data model, then are idempotent', async () => {
    expect(await ensureDatabase(url)).toBe(true);
    const expected = fs
      .readdirSync(path.join(repoRoot, 'prisma', 'migrations'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(await migrateDeploy(url)).toEqual(expected);
    expect(await migrateDeploy(url)).toEqual([]);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      const names = tables.rows.map((r) => r.table_name);
      for (const t of ['User', 'Workspace', 'Membership', 'Connection', 'Konnector', 'KonnectorVersion', 'TriggerCursor', 'Run', 'RunStep', 'WebhookEndpoint', 'ApiToken', '_prisma_migrations']) {
        expect(names).toContain(t);
      }
      const indexes = await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename IN ('Run', 'RunEventKey')");
      const defs = indexes.rows.map((r) => r.indexdef).join('\n');
      // Run is partitioned (its unique keys must hold createdAt): the event-key uniqueness is RunEventKey's key.
      expect(defs).toMatch(/UNIQUE INDEX "RunEventKey_pkey" .* \("konnectorId", "eventKey"\)/);
      expect(defs).toMatch(/ON ONLY public\."Run" .*\("konnectorId", "createdAt" DESC, id DESC\)/);
      const partitioned = await client.query<{ relname: string }>("SELECT c.relname FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1");
      expect(partitioned.rows.map((r) => r.relname)).toEqual(['Run', 'RunStep']);
      const recorded = await client.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name');
      expect(recorded.rows.map((r) => r.migration_name)).toEqual(expected);
    } finally {
      await client.end();
    }
  }, 60_000);
});
