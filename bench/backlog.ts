/**
 * Backlog figures (issue 19, "backpressure you can see"): the cost of reading them, and the cost
 * of the index they need on the run path.
 *
 * In a scratch database (created, migrated and dropped here): 300,000 finished runs of history in
 * a busy workspace (8 konnectors) and 100,000 in 19 others, then a backlog in the busy one —
 * 10,000 queued runs (the default queue cap), 10 running, 2,000 finished in the last minute — and
 * times workspaceBacklog / konnectorBacklog (p50 / p99 of 200 calls each), with their plans.
 * Then the run path's side: 5,000 runs are finished one statement each (as finishRun's UPDATE
 * does), with and without the (workspaceId, finishedAt) index, and the mean per finish is printed.
 *
 * Run: cd bench && npx tsx backlog.ts   (Postgres up; DATABASE_URL may point at any database on the server)
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createDb, DEFAULT_DATABASE_URL, dropDatabase, ensureDatabase, migrateDeploy, type Db } from '@konnect/db';
import { konnectorBacklog, workspaceBacklog } from '@konnect/platform';

const HISTORY = 300_000;
const OTHER_HISTORY = 100_000;
const OTHER_WORKSPACES = 19;
const KONNECTORS = 8;
const QUEUED = 10_000;
const RUNNING = 10;
const RECENT = 2_000;
const CALLS = 200;
const FINISHES = 5_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function workspace(db: Db, name: string): Promise<{ id: string; konnectors: { id: string; versionId: string }[] }> {
  const ws = await db.workspace.create({ data: { name, slug: `${name}-${randomBytes(4).toString('hex')}` } });
  const konnectors = [];
  for (let i = 0; i < KONNECTORS; i++) {
    const k = await db.konnector.create({ data: { workspaceId: ws.id, name: `${name} ${i}`, draft: {} } });
    const v = await db.konnectorVersion.create({ data: { konnectorId: k.id, number: 1, definition: {} } });
    konnectors.push({ id: k.id, versionId: v.id });
  }
  return { id: ws.id, konnectors };
}

/** `count` runs spread over the workspace's konnectors; `at` is SQL giving createdAt from g, `finished` finishedAt (or NULL). */
async function insert(db: Db, ws: { id: string; konnectors: { id: string; versionId: string }[] }, tag: string, count: number, status: string, at: string, finished: string): Promise<void> {
  for (let start = 0; start < count; start += 50_000) {
    await db.$executeRawUnsafe(
      `INSERT INTO "Run" ("id", "workspaceId", "konnectorId", "versionId", "eventKey", "status", "trigger", "createdAt", "startedAt", "finishedAt", "updatedAt")
       SELECT '${tag}-' || g, $1, ($2::text[])[1 + g % $4], ($3::text[])[1 + g % $4], '${tag}-' || g, '${status}'::"RunStatus", '{}'::jsonb, ${at}, ${at}, ${finished}, ${at}
       FROM generate_series($5::int, $6::int) AS g`,
      ws.id,
      ws.konnectors.map((k) => k.id),
      ws.konnectors.map((k) => k.versionId),
      ws.konnectors.length,
      start,
      Math.min(count, start + 50_000) - 1,
    );
  }
}

async function timed(label: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} p50 ${percentile(times, 50).toFixed(2)} ms · p99 ${percentile(times, 99).toFixed(2)} ms`);
}

/** Mean ms per finish over FINISHES single-row UPDATEs shaped like finishRun's. */
async function finishCost(db: Db, wsId: string, tag: string): Promise<number> {
  const ids = (await db.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "Run" WHERE "workspaceId" = $1 AND "status" = 'queued' AND "id" LIKE $2 LIMIT ${FINISHES}`, wsId, `${tag}-%`)).map((r) => r.id);
  const t0 = performance.now();
  for (const id of ids) {
    await db.$executeRawUnsafe(
      `UPDATE "Run" SET "status" = 'succeeded', "summary" = 'done', "tasks" = 1, "finishedAt" = (now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC'), "resumeAt" = NULL WHERE "id" = $1 AND "workspaceId" = $2`,
      id,
      wsId,
    );
  }
  return (performance.now() - t0) / ids.length;
}

async function main(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  url.pathname = `/konnect_bench_backlog_${randomBytes(3).toString('hex')}`;
  console.log(`scratch database ${url.pathname.slice(1)}: creating and migrating`);
  await ensureDatabase(url.toString());
  const db = createDb(url.toString(), { max: 2 });
  try {
    await migrateDeploy(url.toString());
    const t0 = performance.now();
    const busy = await workspace(db, 'busy');
    await insert(db, busy, 'h', HISTORY, 'succeeded', `now() AT TIME ZONE 'UTC' - interval '1 hour' - g * interval '100 ms'`, `now() AT TIME ZONE 'UTC' - interval '1 hour' - g * interval '100 ms' + interval '40 ms'`);
    for (let w = 0; w < OTHER_WORKSPACES; w++) {
      const other = await workspace(db, `other${w}`);
      await insert(db, other, `o${w}`, Math.floor(OTHER_HISTORY / OTHER_WORKSPACES), 'succeeded', `now() AT TIME ZONE 'UTC' - g * interval '1 s'`, `now() AT TIME ZONE 'UTC' - g * interval '1 s' + interval '40 ms'`);
      await insert(db, other, `oq${w}`, 100, 'queued', `now() AT TIME ZONE 'UTC' - g * interval '1 s'`, 'NULL');
    }
    await insert(db, busy, 'q', QUEUED, 'queued', `now() AT TIME ZONE 'UTC' - interval '5 min' + g * interval '10 ms'`, 'NULL');
    await insert(db, busy, 'r', RUNNING, 'running', `now() AT TIME ZONE 'UTC' - interval '6 min'`, 'NULL');
    await insert(db, busy, 'f', RECENT, 'succeeded', `now() AT TIME ZONE 'UTC' - interval '7 min'`, `now() AT TIME ZONE 'UTC' - g * interval '25 ms'`);
    await db.$executeRawUnsafe('VACUUM ANALYZE "Run"');
    console.log(`seeded ${(HISTORY + OTHER_HISTORY + QUEUED + RUNNING + RECENT).toLocaleString()} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const konnectorId = busy.konnectors[0]?.id ?? '';
    console.log('workspace:', JSON.stringify(await workspaceBacklog(db, busy.id)));
    console.log('konnector:', JSON.stringify(await konnectorBacklog(db, busy.id, konnectorId)));
    await timed('workspaceBacklog (busy workspace)', () => workspaceBacklog(db, busy.id));
    await timed('konnectorBacklog (busy konnector)', () => konnectorBacklog(db, busy.id, konnectorId));

    for (const sql of [
      `EXPLAIN SELECT "konnectorId", "status", "createdAt" FROM "Run" WHERE "workspaceId" = '${busy.id}' AND "status" IN ('queued'::"RunStatus", 'running'::"RunStatus")`,
      `EXPLAIN SELECT "konnectorId", "finishedAt" FROM "Run" WHERE "workspaceId" = '${busy.id}' AND "finishedAt" IS NOT NULL AND "finishedAt" >= (now() AT TIME ZONE 'UTC') - interval '60 s' ORDER BY "finishedAt" DESC LIMIT 2000`,
    ]) {
      const plan = await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(sql);
      console.log(plan.map((r) => `  ${r['QUERY PLAN']}`).join('\n'));
    }

    const withIndex = await finishCost(db, busy.id, 'q');
    await db.$executeRawUnsafe('DROP INDEX "Run_workspaceId_finishedAt_idx"');
    const without = await finishCost(db, busy.id, 'q');
    console.log(`finish one run (single-row UPDATE, ${FINISHES.toLocaleString()} each): with the (workspaceId, finishedAt) index ${withIndex.toFixed(3)} ms · without ${without.toFixed(3)} ms`);
  } finally {
    await db.$disconnect();
    await dropDatabase(url.toString()).catch((err: unknown) => console.warn(`could not drop the scratch database: ${String(err)}`));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
