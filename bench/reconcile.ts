/**
 * Reconciler cost (issue 13): KONNECTORS active konnectors (80 % polling Custify triggers at
 * intervals from 10 s to 15 min, 10 % Scheduler on intervals and cron expressions in several time
 * zones, mostly distinct, 10 % Catch Hook) with their published versions, written straight into a fresh database in
 * a few bulk statements. Then `reconcile()` passes, each timed on its own:
 *
 *  (a) full rebuild: every Redis key of the prefix deleted before the pass; the first one in a
 *      fresh platform (definitions parsed), then warm ones (schedules cached per version);
 *  (b) nothing changed: Redis already matches Postgres; first with every tick on time (the pass's
 *      clock set to the earliest next tick, as when workers keep up), then as it is here, with no
 *      worker taking the due ticks: each tick overdue by more than 5 s has its job looked up;
 *  (c) the runs part: RUNS queued runs (older than the grace period) whose jobs exist, i.e. a
 *      backlog the pass must check without touching (`reviveRuns` alone, and whole passes), and
 *      the same runs with their jobs gone (every one re-enqueued).
 *
 * Per pass: ms (median and max), Postgres statements and Redis commands as the ReconcileReport
 * counts them, and Redis' own `INFO stats` total_commands_processed delta. The server-wide figure
 * also counts the commands BullMQ's Lua scripts run inside Redis, so for each kind of pass one
 * extra, untimed pass is watched with MONITOR and its commands split into those this client sent
 * and those run inside scripts. Redis is a private redis-server started for the bench (so nothing
 * else moves the counter) unless REDIS_URL is set; keys live under their own prefix either way.
 * The database is created for the bench and dropped at the end, keys deleted, even on failure.
 *
 * Targets: full rebuild <= 1 s, nothing changed <= 100 ms.
 *
 * Run: cd bench && npx tsx reconcile.ts   (KONNECTORS=10000 RUNS=5000 PASSES=5 to change)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { registry } from '@konnect/connectors';
import { custify } from '@konnect/connector-custify';
import { DEFAULT_DATABASE_URL, Prisma, createDb, dropDatabase, ensureDatabase, executeSql, generateKeySpec, migrateDeploy, parseKeyring, seal, type Db } from '@konnect/db';
import { createPlatform, createQueues, createRedis, enqueueMany, reconcile, reviveRuns, type Platform, type Queues, type ReconcileReport } from '@konnect/platform';
import type { Redis } from 'ioredis';
import { percentile } from './bench-stack';

const KONNECTORS = Number(process.env.KONNECTORS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 5000);
const PASSES = Number(process.env.PASSES ?? 5);

const POLL_SECONDS = [10, 30, 60, 120, 300, 900];
const POLL_EVENTS = custify.triggers.filter((t) => t.kind === 'polling').map((t) => t.key);
const TIME_ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo'];
const EVERY_MINUTES = [5, 10, 15, 30, 60, 120, 240, 1440];

/** The i-th Scheduler konnector's input: intervals and cron expressions, mostly distinct from each other. */
function scheduleInput(i: number): object {
  const timezone = TIME_ZONES[i % TIME_ZONES.length];
  if (i % 3 === 0) return { mode: 'interval', everyMinutes: EVERY_MINUTES[i % EVERY_MINUTES.length], timezone };
  const minute = i % 60;
  const hour = 6 + (i % 12);
  return i % 3 === 1 ? { mode: 'cron', cron: `${minute} ${hour} * * 1-5`, timezone } : { mode: 'cron', cron: `${minute} */${1 + (i % 4)} * * *`, timezone, skipWeekends: i % 2 === 0 };
}

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

/** A redis-server of the bench's own (no persistence), so INFO counts only the bench's commands. */
async function privateRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve();
    });
  });
  return { url: `redis://127.0.0.1:${port}`, process: child };
}

function definitionOf(i: number, connectionId: string): object {
  const steps = [
    {
      type: 'action',
      id: 'note',
      connector: 'custify',
      action: 'create_note',
      connectionId,
      input: { entity: '{{trigger.id}}', entityModel: 'People', subject: `Konnector ${i}`, text: 'Hello {{trigger.name}}' },
    },
  ];
  const kind = i % 10;
  if (kind === 8) return { trigger: { id: 'trigger', connector: 'scheduler', event: 'schedule', input: scheduleInput(i) }, steps };
  if (kind === 9) return { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps };
  return {
    trigger: { id: 'trigger', connector: 'custify', event: POLL_EVENTS[i % POLL_EVENTS.length], connectionId, input: {}, pollSeconds: POLL_SECONDS[i % POLL_SECONDS.length] },
    steps,
  };
}

/** KONNECTORS active konnectors with published versions (and Catch Hook tokens) in four statements. */
async function createKonnectors(db: Db, workspaceId: string, connectionId: string): Promise<string[]> {
  const ids = Array.from({ length: KONNECTORS }, () => randomUUID());
  const definitions = ids.map((_, i) => JSON.stringify(definitionOf(i, connectionId)));
  await db.$transaction([
    db.$executeRaw`
      INSERT INTO "Konnector" ("id", "workspaceId", "name", "status", "draft", "createdAt", "updatedAt")
      SELECT k.id, ${workspaceId}, 'Bench ' || k.n, 'active', k.definition::jsonb, now(), now()
      FROM unnest(${ids}::text[], ${definitions}::text[]) WITH ORDINALITY AS k(id, definition, n)`,
    db.$executeRaw`
      INSERT INTO "KonnectorVersion" ("id", "konnectorId", "number", "definition", "createdAt")
      SELECT 'v-' || "id", "id", 1, "draft", now() FROM "Konnector" WHERE "workspaceId" = ${workspaceId}`,
    db.$executeRaw`UPDATE "Konnector" SET "publishedVersionId" = 'v-' || "id" WHERE "workspaceId" = ${workspaceId}`,
    db.$executeRaw`
      INSERT INTO "WebhookEndpoint" ("id", "konnectorId", "workspaceId", "token", "enabled", "createdAt")
      SELECT 'w-' || "id", "id", "workspaceId", md5("id" || random()::text) || md5(random()::text), true, now()
      FROM "Konnector" WHERE "workspaceId" = ${workspaceId} AND "draft" #>> '{trigger,connector}' = 'catch_hook'`,
  ]);
  return ids;
}

async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

/** Redis' total_commands_processed and CPU seconds (user + system) so far. */
async function redisStats(redis: Redis): Promise<{ commands: number; cpu: number }> {
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return { commands: field('total_commands_processed'), cpu: field('used_cpu_user') + field('used_cpu_sys') };
}

interface Pass {
  ms: number;
  report: ReconcileReport;
  /** Redis' total_commands_processed delta (the INFO calls themselves taken out). */
  serverCommands: number;
  /** CPU ms of this process (the reconciler's side) and of redis-server during the pass. */
  cpuMs: number;
  redisCpuMs: number;
}

async function timedPass(p: Platform, run: (p: Platform) => Promise<ReconcileReport>): Promise<Pass> {
  const before = await redisStats(p.queues.redis);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await run(p);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const after = await redisStats(p.queues.redis);
  return {
    ms,
    report,
    serverCommands: after.commands - before.commands - 1,
    cpuMs: (used.user + used.system) / 1000,
    redisCpuMs: (after.cpu - before.cpu) * 1000,
  };
}

/** Commands of one pass as MONITOR sees them: sent by a client, or run inside a Lua script. */
async function monitoredPass(p: Platform, run: (p: Platform) => Promise<unknown>): Promise<{ client: number; lua: number }> {
  // monitor() opens a connection of its own.
  const monitor = await p.queues.redis.monitor();
  const counts = { client: 0, lua: 0 };
  let counting = false;
  monitor.on('monitor', (_time: string, _args: string[], source: string) => {
    if (!counting) return;
    if (source === 'lua') counts.lua++;
    else counts.client++;
  });
  // A marker command on each side, so only what arrives between them is counted.
  const marker = p.queues.redis.duplicate();
  const seen = (name: string) =>
    new Promise<void>((resolve) =>
      monitor.on('monitor', (_time: string, args: string[]) => {
        if (args[0]?.toLowerCase() === 'echo' && args[1] === name) resolve();
      }),
    );
  const begun = seen('bench-begin');
  await marker.echo('bench-begin');
  await begun;
  counting = true;
  await run(p);
  const ended = seen('bench-end');
  await marker.echo('bench-end');
  await ended;
  counting = false;
  counts.client--; // the end marker
  monitor.disconnect();
  marker.disconnect();
  return counts;
}

function summary(label: string, passes: readonly Pass[], split?: { client: number; lua: number }): void {
  const ms = passes.map((x) => x.ms);
  const median = (values: number[]) => percentile(values, 50);
  const last = passes.at(-1)?.report;
  const stmts = passes.map((x) => x.report.statements);
  const cmds = passes.map((x) => x.report.redisCommands);
  const server = passes.map((x) => x.serverCommands);
  const range = (values: number[]) => (Math.min(...values) === Math.max(...values) ? `${values[0]}` : `${Math.min(...values)}-${Math.max(...values)}`);
  console.log(`${label}`);
  console.log(`  ms per pass:        median ${median(ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)}  (${passes.length} passes: ${ms.map((m) => m.toFixed(0)).join(', ')})`);
  console.log(`  CPU ms per pass (median): this process ${median(passes.map((x) => x.cpuMs)).toFixed(0)}, redis-server ${median(passes.map((x) => x.redisCpuMs)).toFixed(0)}`);
  console.log(`  Postgres statements: ${range(stmts)}   Redis commands (report): ${range(cmds)}   Redis commands (INFO delta, incl. inside scripts): ${range(server)}`);
  if (split) console.log(`  MONITOR (one more pass): ${split.client} sent by the client, ${split.lua} run inside Lua scripts`);
  if (last) {
    const s = last.schedulers;
    console.log(`  last pass: scheduled ${last.scheduled}; schedulers created ${s.created}, updated ${s.updated}, revived ${s.revived}, removed ${s.removed}; maintenance ${last.maintenance}; runs enqueued ${last.runs.enqueued}`);
  }
}

const suffix = randomBytes(4).toString('hex');
const base = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
base.pathname = `/konnect_bench_reconcile_${suffix}`;
const databaseUrl = base.toString();
const prefix = `kbench-reconcile-${suffix}`;
const own = process.env.REDIS_URL ? null : await privateRedis();
const redis = createRedis(own?.url ?? process.env.REDIS_URL ?? '');
let queues: Queues | undefined;
let db: Db | undefined;
try {
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);
  db = createDb(databaseUrl, { max: 10 });
  queues = createQueues(redis, prefix);
  const keyring = parseKeyring(generateKeySpec('bench'));
  const options = { db, queues, registry, keyring, log: quiet };
  const workspace = await db.workspace.create({ data: { name: 'Bench reconcile', slug: `bench-reconcile-${suffix}` } });
  const sealed = seal(keyring, JSON.stringify({ apiKey: 'bench', baseUrl: 'http://127.0.0.1:9' }), workspace.id);
  const connection = await db.connection.create({
    data: { workspaceId: workspace.id, connectorKey: 'custify', name: 'Custify', secret: sealed.envelope, keyVersion: sealed.keyId },
  });
  const createStart = performance.now();
  const ids = await createKonnectors(db, workspace.id, connection.id);
  await executeSql(db, Prisma.sql`ANALYZE "Konnector"`);
  const createMs = performance.now() - createStart;
  console.log(`reconcile bench: ${KONNECTORS} active konnectors (${POLL_EVENTS.length} Custify polling triggers, Scheduler, Catch Hook) created in ${createMs.toFixed(0)} ms; Redis ${own ? 'private server' : process.env.REDIS_URL}, prefix ${prefix}`);

  // (a) Full rebuild: the first pass of a fresh platform parses every version; the next ones use the cache.
  const wipe = () => deleteKeys(redis, prefix);
  const cold: Pass[] = [];
  for (let i = 0; i < PASSES; i++) {
    await wipe();
    cold.push(await timedPass(createPlatform(options), (p) => reconcile(p)));
  }
  const p = createPlatform(options);
  await reconcile(p);
  const warm: Pass[] = [];
  for (let i = 0; i < PASSES; i++) {
    await wipe();
    warm.push(await timedPass(p, (x) => reconcile(x)));
  }
  await wipe();
  const rebuildSplit = await monitoredPass(p, (x) => reconcile(x));
  summary('(a) full rebuild, fresh platform (definitions parsed)', cold);
  summary('(a) full rebuild, warm (schedules cached)', warm, rebuildSplit);

  // (b) Nothing changed: ticks on time, then ticks overdue (no worker here takes them).
  const earliest = async () => {
    const firsts = await Promise.all(['poll', 'schedule'].map((q) => redis.zrange(`${prefix}:${q}:repeat`, 0, 0, 'WITHSCORES')));
    return new Date(Math.min(...firsts.map((f) => Number(f[1] ?? Infinity))));
  };
  const onTimeClock = await earliest();
  const onTime: Pass[] = [];
  for (let i = 0; i < PASSES * 2; i++) onTime.push(await timedPass(p, (x) => reconcile(x, { now: onTimeClock })));
  summary('(b) nothing changed, every tick on time', onTime, await monitoredPass(p, (x) => reconcile(x, { now: onTimeClock })));
  const quietPasses: Pass[] = [];
  for (let i = 0; i < PASSES * 2; i++) quietPasses.push(await timedPass(p, (x) => reconcile(x)));
  summary('(b) nothing changed, due ticks not taken (no worker): overdue ones looked up', quietPasses, await monitoredPass(p, (x) => reconcile(x)));

  // (c) The runs part: RUNS queued runs, 10 minutes old, whose jobs exist.
  const hooks = ids.filter((_, i) => i % 10 === 9);
  const runIds = Array.from({ length: RUNS }, () => randomUUID());
  const konnectorOf = runIds.map((_, i) => hooks[i % hooks.length] ?? '');
  await executeSql(
    db,
    Prisma.sql`
      INSERT INTO "Run" ("id", "workspaceId", "konnectorId", "versionId", "eventKey", "status", "trigger", "createdAt", "updatedAt")
      SELECT r.id, ${workspace.id}, r.konnector, 'v-' || r.konnector, 'bench-' || r.n, 'queued', '{}'::jsonb,
        (now() AT TIME ZONE 'UTC') - interval '10 minutes', (now() AT TIME ZONE 'UTC') - interval '10 minutes'
      FROM unnest(${runIds}::text[], ${konnectorOf}::text[]) WITH ORDINALITY AS r(id, konnector, n)`,
  );
  await executeSql(db, Prisma.sql`ANALYZE "Run"`);
  const enqueueAll = () => enqueueMany(queues as Queues, 'run', runIds.map((runId) => ({ data: { workspaceId: workspace.id, runId }, opts: { jobId: runId } })));
  await enqueueAll();
  const reviveOnly = async (x: Platform) => {
    const report: ReconcileReport = { ms: 0, scheduled: 0, schedulers: { created: 0, updated: 0, revived: 0, removed: 0 }, maintenance: 0, runs: { enqueued: 0, requeued: 0, waiting: 0, callers: 0 }, mails: 0, digests: 0, statements: 0, redisCommands: 0 };
    await reviveRuns(x, {}, report);
    return report;
  };
  const backlogRevive: Pass[] = [];
  for (let i = 0; i < PASSES; i++) backlogRevive.push(await timedPass(p, reviveOnly));
  summary(`(c) runs part alone (reviveRuns), ${RUNS} queued runs whose jobs exist`, backlogRevive, await monitoredPass(p, reviveOnly));
  const backlogPass: Pass[] = [];
  for (let i = 0; i < PASSES; i++) backlogPass.push(await timedPass(p, (x) => reconcile(x)));
  summary(`(c) whole pass, nothing else changed, ${RUNS} queued runs whose jobs exist`, backlogPass);

  // The same runs with their jobs gone: each pass re-enqueues all of them.
  const missing: Pass[] = [];
  for (let i = 0; i < Math.min(PASSES, 3); i++) {
    await queues.queue('run').obliterate({ force: true });
    await executeSql(db, Prisma.sql`UPDATE "Run" SET "updatedAt" = (now() AT TIME ZONE 'UTC') - interval '10 minutes' WHERE "workspaceId" = ${workspace.id}`);
    missing.push(await timedPass(p, reviveOnly));
  }
  summary(`(c) runs part alone (reviveRuns), ${RUNS} queued runs whose jobs are gone`, missing);
  const waiting = await queues.queue('run').getJobCountByTypes('wait', 'prioritized');
  if (waiting !== RUNS) throw new Error(`expected ${RUNS} run jobs after the revival, found ${waiting}`);

  const targets = [
    ['full rebuild (fresh platform) <= 1000 ms', percentile(cold.map((x) => x.ms), 50) <= 1000],
    ['full rebuild (warm) <= 1000 ms', percentile(warm.map((x) => x.ms), 50) <= 1000],
    ['nothing changed, ticks on time <= 100 ms', percentile(onTime.map((x) => x.ms), 50) <= 100],
    ['nothing changed, ticks overdue <= 100 ms', percentile(quietPasses.map((x) => x.ms), 50) <= 100],
  ] as const;
  console.log(`targets (median): ${targets.map(([what, ok]) => `${what}: ${ok ? 'met' : 'MISSED'}`).join('; ')}`);
  await db.workspace.delete({ where: { id: workspace.id } });
} finally {
  await deleteKeys(redis, prefix).catch((err: unknown) => console.error(`could not delete the bench's Redis keys: ${String(err)}`));
  await queues?.close();
  await redis.quit().catch(() => undefined);
  await db?.$disconnect();
  await dropDatabase(databaseUrl).catch((err: unknown) => console.error(`could not drop ${databaseUrl}: ${String(err)}`));
  own?.process.kill('SIGTERM');
}
