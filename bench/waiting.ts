/**
 * What waiting runs cost (issue 16, item 1): WAITING runs (default 100,000) waiting on a Delay, due
 * between 1 hour and 30 days from now, written straight into a fresh database (each run row with its
 * `waiting` step record, as conclude() stores them), each with its delayed `run` job in Redis (as
 * the worker leaves it). Printed:
 *
 *  - Postgres: rows, and the bytes of the Run and RunStep tables (with indexes and TOAST) they add,
 *    and the size of the partial index on resumeAt of waiting runs;
 *  - Redis: keys and memory (INFO used_memory) the delayed jobs add; a private redis-server is
 *    started for the bench (nothing else moves its figures) unless REDIS_URL is set;
 *  - one reconciler pass (`reconcile`, and its waiting-runs part `reviveWaitingRuns` alone) with
 *    them present: only runs due within WAITING_HORIZON_MS are read, so the 100,000 far ones cost an
 *    index probe; then with DUE runs due within the horizon and every Redis key gone (the pass gives
 *    each its job back).
 *
 * The database is created for the bench and dropped at the end, keys deleted, even on failure.
 *
 * Run: cd bench && npx tsx waiting.ts   (WAITING=100000 DUE=1000 PASSES=5 to change)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { registry } from '@konnect/connectors';
import { DEFAULT_DATABASE_URL, Prisma, createDb, dropDatabase, ensureDatabase, executeSql, generateKeySpec, migrateDeploy, parseKeyring, queryRows, type Db } from '@konnect/db';
import { createPlatform, createQueues, createRedis, enqueueMany, reconcile, reviveWaitingRuns, WAITING_HORIZON_MS, type Platform, type Queues } from '@konnect/platform';
import type { Redis } from 'ioredis';
import { percentile } from './bench-stack';

const WAITING = Number(process.env.WAITING ?? 100_000);
const DUE = Number(process.env.DUE ?? 1000);
const PASSES = Number(process.env.PASSES ?? 5);
const BATCH = 5000;
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function privateRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${String(code)}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve();
    });
  });
  return { url: `redis://127.0.0.1:${port}`, child };
}

async function keysOf(redis: Redis, prefix: string, remove = false): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    n += keys.length;
    if (remove && keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return n;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function tableBytes(db: Db): Promise<{ run: number; step: number; index: number }> {
  const [row] = await queryRows<{ run: bigint; step: bigint; index: bigint }>(db, Prisma.sql`
    SELECT pg_total_relation_size('"Run"') AS "run", pg_total_relation_size('"RunStep"') AS "step", pg_relation_size('"Run_resumeAt_idx"') AS "index"`);
  return { run: Number(row?.run ?? 0), step: Number(row?.step ?? 0), index: Number(row?.index ?? 0) };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const perRun = (bytes: number) => `${Math.round(bytes / WAITING)} B/run`;

async function timed(passes: number, work: () => Promise<unknown>): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < passes; i++) {
    const t0 = performance.now();
    await work();
    ms.push(performance.now() - t0);
  }
  return `median ${percentile(ms, 50).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`;
}

/** WAITING run rows and their waiting step records, in batches, due between 1 hour and 30 days from now. */
async function insertWaiting(db: Db, workspaceId: string, konnectorId: string, versionId: string): Promise<{ id: string; resumeAt: number }[]> {
  const now = Date.now();
  const runs = Array.from({ length: WAITING }, (_, i) => ({ id: randomUUID(), resumeAt: now + 3_600_000 + Math.floor((i / WAITING) * 29 * 86_400_000) }));
  for (let start = 0; start < runs.length; start += BATCH) {
    const part = runs.slice(start, start + BATCH);
    const ids = part.map((r) => r.id);
    const at = part.map((r) => new Date(r.resumeAt).toISOString());
    await executeSql(db, Prisma.sql`
      INSERT INTO "Run" ("id", "workspaceId", "konnectorId", "versionId", "eventKey", "status", "trigger", "summary", "startedAt", "resumeAt", "createdAt", "updatedAt")
      SELECT r.id, ${workspaceId}, ${konnectorId}, ${versionId}, 'bench-' || r.id, 'waiting', jsonb_build_object('ticket_id', r.id, 'subject', 'Printer on fire'),
        'Waiting until ' || r.at || ' at "Delay": Delay 3 days', now(), (r.at::timestamptz AT TIME ZONE 'UTC'), now(), now()
      FROM unnest(${ids}::text[], ${at}::text[]) AS r(id, at)`);
    await executeSql(db, Prisma.sql`
      INSERT INTO "RunStep" ("id", "runId", "stepId", "iteration", "type", "status", "input", "output", "logs", "attempts", "durationMs", "seq", "startedAt")
      SELECT gen_random_uuid()::text, r.id, 'wait', '', 'delay', 'waiting', '{"mode":"for","amount":3,"unit":"days"}'::jsonb,
        jsonb_build_object('resumeAt', r.at, 'reason', 'Delay 3 days'), jsonb_build_array('Waiting until ' || r.at), 1, 0, 0, now()
      FROM unnest(${ids}::text[], ${at}::text[]) AS r(id, at)`);
  }
  await executeSql(db, Prisma.sql`ANALYZE "Run"`);
  await executeSql(db, Prisma.sql`ANALYZE "RunStep"`);
  return runs;
}

async function addJobs(queues: Queues, workspaceId: string, runs: readonly { id: string; resumeAt: number }[]): Promise<void> {
  for (let start = 0; start < runs.length; start += BATCH) {
    const now = Date.now();
    await enqueueMany(queues, 'run', runs.slice(start, start + BATCH).map((r) => ({ data: { workspaceId, runId: r.id }, opts: { jobId: r.id, delay: r.resumeAt - now } })));
  }
}

const suffix = randomBytes(4).toString('hex');
const base = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
base.pathname = `/konnect_bench_waiting_${suffix}`;
const databaseUrl = base.toString();
const own = process.env.REDIS_URL ? undefined : await privateRedis();
const redis = createRedis(process.env.REDIS_URL ?? own?.url ?? '');
const prefix = `bench-waiting-${suffix}`;
let queues: Queues | undefined;
let db: Db | undefined;
try {
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);
  db = createDb(databaseUrl, { max: 10 });
  queues = createQueues(redis, prefix);
  const p: Platform = createPlatform({ db, queues, registry, keyring: parseKeyring(generateKeySpec('bench')), log: quiet });
  const workspace = await db.workspace.create({ data: { name: 'Bench waiting', slug: `bench-waiting-${suffix}` } });
  const definition = { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [{ type: 'delay', id: 'wait', mode: 'for', amount: 3, unit: 'days' }] };
  const konnector = await db.konnector.create({ data: { workspaceId: workspace.id, name: 'Follow up in 3 days', draft: definition } });
  const version = await db.konnectorVersion.create({ data: { konnectorId: konnector.id, number: 1, definition } });
  const scope = { workspaceIds: [workspace.id] };

  const pg0 = await tableBytes(db);
  const t0 = performance.now();
  const runs = await insertWaiting(db, workspace.id, konnector.id, version.id);
  const insertMs = performance.now() - t0;
  const pg1 = await tableBytes(db);
  const rows = await queryRows<{ runs: number; steps: number }>(db, Prisma.sql`
    SELECT (SELECT count(*)::int FROM "Run" WHERE "status" = 'waiting') AS "runs", (SELECT count(*)::int FROM "RunStep" WHERE "status" = 'waiting') AS "steps"`);
  console.log(`waiting bench: ${WAITING} waiting runs (due in 1 h – 30 days) written in ${(insertMs / 1000).toFixed(1)} s; Redis ${own ? 'private server' : process.env.REDIS_URL}, prefix ${prefix}`);
  console.log(`Postgres: ${rows[0]?.runs} Run rows + ${rows[0]?.steps} RunStep rows; Run table +${mb(pg1.run - pg0.run)} (${perRun(pg1.run - pg0.run)}), RunStep +${mb(pg1.step - pg0.step)} (${perRun(pg1.step - pg0.step)}); partial index on resumeAt ${mb(pg1.index)} (${perRun(pg1.index)})`);

  const mem0 = await usedMemory(redis);
  const keys0 = await keysOf(redis, prefix);
  const tj = performance.now();
  await addJobs(queues, workspace.id, runs);
  const jobsMs = performance.now() - tj;
  const mem1 = await usedMemory(redis);
  const keys1 = await keysOf(redis, prefix);
  const delayed = await queues.queue('run').getDelayedCount();
  console.log(`Redis: ${delayed} delayed jobs added in ${(jobsMs / 1000).toFixed(1)} s: ${keys1 - keys0} keys (one hash per job; the delayed set and the queue's own keys are shared), +${mb(mem1 - mem0)} (${perRun(mem1 - mem0)})${own ? '' : ' (a shared server: other clients move this figure)'}`);

  await reconcile(p, scope);
  console.log(`reconciler pass with them present, jobs in place: ${await timed(PASSES, () => reconcile(p, scope))}; waiting-runs part alone: ${await timed(PASSES, () => reviveWaitingRuns(p, scope))}`);
  const due = await reviveWaitingRuns(p, scope);
  console.log(`  runs the pass looked at: ${due.length} revived (none due within ${WAITING_HORIZON_MS / 1000} s)`);

  // Redis loses everything: the far runs cost nothing; DUE runs due within the horizon get their jobs back.
  await keysOf(redis, prefix, true);
  const soon = runs.slice(0, DUE).map((r) => r.id);
  await executeSql(db, Prisma.sql`UPDATE "Run" SET "resumeAt" = (now() AT TIME ZONE 'UTC') + interval '20 seconds' WHERE "id" = ANY(${soon}::text[])`);
  console.log(`after every Redis key is gone: ${await keysOf(redis, prefix)} keys, the far runs wait in Postgres only`);
  const tr = performance.now();
  const report = await reconcile(p, scope);
  const reviveMs = performance.now() - tr;
  console.log(`one pass then: ${reviveMs.toFixed(0)} ms, ${report.runs.waiting} waiting runs due within ${WAITING_HORIZON_MS / 1000} s given their job back (delayed until their time); next pass: ${await timed(PASSES, () => reconcile(p, scope))}`);
  await keysOf(redis, prefix, true);
} finally {
  await queues?.close();
  await db?.$disconnect();
  await dropDatabase(databaseUrl).catch((err: unknown) => console.error(`could not drop ${databaseUrl}: ${String(err)}`));
  await keysOf(redis, prefix, true).catch(() => 0);
  await redis.quit();
  own?.child.kill();
}
