/**
 * The partitioning migration on a database that already has runs: a database is migrated up to the
 * migration before it (each file applied and recorded as Prisma does), filled, then migrated to
 * the end. Every run and step is still there, in the legacy partition, with its event key; the
 * platform creates, dedupes and writes steps as usual afterwards, and retention drops the legacy
 * partition once it is past the horizon (keeping its waiting run).
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, dropDatabase, ensureDatabase, executeSql, migrateDeploy, Prisma, type Db } from '@konnect/db';
import { uniqueSuffix } from '@konnect/db/testing';
import { writeSteps } from './checkpoints';
import { deleteOldRuns } from './maintenance';
import type { Platform } from './platform';
import { insertRuns } from './run-create';
import { runPartitions } from './run-partitions';

const MIGRATION = '20261207180000_partition_runs';
const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/migrations');

const base = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/konnect_test');
base.pathname = `/konnect_partmig_${uniqueSuffix()}`;
const url = base.toString();
let db: Db | undefined;

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

/** Applies and records every migration before the partitioning one, as `migrate deploy` would. */
async function migrateUpToBefore(before: Db): Promise<void> {
  // Whole scripts in one simple query (executeSql sends a statement without values that way).
  const run = (sql: string) => executeSql(before, Prisma.raw(sql));
  await run(`CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
  const names = fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name < MIGRATION).map((d) => d.name).sort();
  for (const name of names) {
    const sql = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
    await run(sql);
    const checksum = createHash('sha256').update(sql).digest('hex');
    await executeSql(before, Prisma.sql`INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count")
      VALUES (${randomUUID()}, ${checksum}, now(), ${name}, 1)`);
  }
}

describe('the partitioning migration', () => {
  it('keeps every existing run and step, and the product works on the partitioned tables after it', async () => {
    await ensureDatabase(url);
    const client = createDb(url, { max: 1 });
    const days = 40;
    try {
      await migrateUpToBefore(client);
      await executeSql(client, Prisma.raw(`INSERT INTO "Workspace" ("id", "name", "slug", "updatedAt") VALUES ('w1', 'W', 'w1', now())`));
      await executeSql(client, Prisma.raw(`INSERT INTO "Konnector" ("id", "workspaceId", "name", "draft", "updatedAt") VALUES ('k1', 'w1', 'K', '{}', now())`));
      await executeSql(client, Prisma.raw(`INSERT INTO "KonnectorVersion" ("id", "konnectorId", "number", "definition") VALUES ('v1', 'k1', 1, '{}')`));
      // One run an hour for 40 days up to an hour ago (the last one waiting on a Delay), two steps each, a replay and a hook answer.
      await executeSql(client, Prisma.raw(`
        INSERT INTO "Run" ("id", "workspaceId", "konnectorId", "versionId", "eventKey", "status", "trigger", "createdAt", "updatedAt")
        SELECT 'r' || g, 'w1', 'k1', 'v1', 'e' || g, CASE WHEN g = 1 THEN 'waiting'::"RunStatus" ELSE 'succeeded'::"RunStatus" END, jsonb_build_object('n', g),
          (now() AT TIME ZONE 'UTC') - make_interval(hours => ${days * 24} - g + 1), now()
        FROM generate_series(1, ${days * 24}) g`));
      await executeSql(client, Prisma.raw(`INSERT INTO "RunStep" ("id", "runId", "stepId", "type", "status") SELECT 's' || g || '-' || i, 'r' || g, 'step' || i, 'code', 'succeeded' FROM generate_series(1, ${days * 24}) g, generate_series(1, 2) i`));
      await executeSql(client, Prisma.raw(`UPDATE "Run" SET "replayOfId" = 'r2' WHERE "id" = 'r3'`));
      await executeSql(client, Prisma.raw(`INSERT INTO "HookResponse" ("runId", "workspaceId", "stepId", "status", "headers", "contentType", "body") VALUES ('r2', 'w1', 's', 200, '{}', 'text/plain', 'ok')`));
    } finally {
      await client.$disconnect();
    }

    expect(await migrateDeploy(url)).toEqual([MIGRATION, ...fs.readdirSync(migrationsDir).filter((n) => n > MIGRATION && /^\d{14}_/.test(n)).sort()]);

    db = createDb(url, { max: 4 });
    expect(await db.run.count()).toBe(days * 24);
    expect(await db.runStep.count()).toBe(days * 24 * 2);
    expect(await db.runEventKey.count()).toBe(days * 24);
    const legacy = await db.$queryRaw<Array<{ part: string; n: number }>>`SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM "Run" GROUP BY 1`;
    expect(legacy).toEqual([{ part: '"Run_legacy"', n: days * 24 }]);
    const steps = await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM "RunStep" s JOIN "Run" r ON r."id" = s."runId" AND r."createdAt" = s."runCreatedAt"`;
    expect(steps[0]?.n).toBe(days * 24 * 2);
    const names = (await runPartitions(db)).map((b) => b.name);
    expect(names).toContain('Run_legacy');
    expect(names).toContain('Run_default');
    expect(names.filter((n) => /^Run_p\d{8}$/.test(n)).length).toBeGreaterThanOrEqual(7);

    // Retention and run creation use the database only.
    const p = { db } as unknown as Platform;
    const owner = { workspaceId: 'w1', konnectorId: 'k1', versionId: 'v1' };
    // A key the old table had makes no run; a new one lands in today's partition and takes steps.
    expect(await insertRuns(db, owner, [{ key: 'e5', data: {} }])).toEqual([]);
    const [fresh] = await insertRuns(db, owner, [{ key: 'after', data: {} }]);
    expect(fresh).toBeDefined();
    await writeSteps(db, fresh?.id ?? '', [{ record: { stepId: 'a', iteration: '', type: 'code', status: 'succeeded', input: {}, output: {}, logs: [], attempts: 1, durationMs: 1, startedAt: new Date().toISOString() }, seq: 0 }]);
    const [where] = await db.$queryRaw<Array<{ part: string }>>`SELECT tableoid::regclass::text AS part FROM "RunStep" WHERE "runId" = ${fresh?.id ?? ''}`;
    // The legacy partition ends with its newest run's day (an hour ago): the new run and its steps are
    // in it when that is still today, else in today's partition (the first hour after midnight UTC).
    const [day] = await db.$queryRaw<Array<{ sameDay: boolean; ymd: string }>>`
      SELECT (SELECT max("createdAt")::date FROM "Run" WHERE "id" <> r."id") = r."createdAt"::date AS "sameDay", to_char(r."createdAt", 'YYYYMMDD') AS "ymd"
      FROM "Run" r WHERE r."id" = ${fresh?.id ?? ''}`;
    expect(where?.part).toBe(day?.sameDay ? '"RunStep_legacy"' : `"RunStep_p${day?.ymd ?? ''}"`);
    await db.$executeRaw`UPDATE "Run" SET "status" = 'succeeded' WHERE "id" = ${fresh?.id ?? ''}`;
    // The old foreign keys' ON DELETE, now the trigger's: deleting a run takes its steps, key and hook answer, and its replay forgets it.
    await db.$executeRaw`DELETE FROM "Run" WHERE "id" = 'r2'`;
    expect(await db.runStep.count({ where: { runId: 'r2' } })).toBe(0);
    expect(await db.runEventKey.count({ where: { runId: 'r2' } })).toBe(0);
    expect(await db.hookResponse.count({ where: { runId: 'r2' } })).toBe(0);
    expect((await db.run.findFirst({ where: { id: 'r3' } }))?.replayOfId).toBeNull();

    // Retention far enough ahead that the whole legacy partition is past the horizon: dropped, but its waiting run kept.
    const result = await deleteOldRuns(p, { days: 30, now: new Date(Date.now() + 40 * 86_400_000) });
    expect(result.dropped).toContain('Run_legacy');
    expect(result.kept).toBe(1);
    expect(await db.run.findMany({ where: { workspaceId: 'w1', id: { startsWith: 'r' } }, select: { id: true, status: true } })).toEqual([{ id: 'r1', status: 'waiting' }]);
    expect(await db.runStep.count({ where: { runId: 'r1' } })).toBe(2);
  }, 180_000);
});
