/**
 * Event-log API benchmark: BENCH_RUNS runs (default 200,000; 10,000,000 for the scale figure)
 * spread over BENCH_DAYS days (default 4) of the day-partitioned event log, with their event-key
 * rows and a few steps for a sample of them, generated in SQL (generate_series, 500,000 rows per
 * statement) in a scratch database made here and dropped at the end; then the real route
 * handlers, called in-process with a signed-in session cookie exactly as the web app's tests call
 * them (auth, membership check, zod parsing, the query, JSON), are timed:
 *
 *   - GET /runs                       first page, and deep pages by cursor (50%, 95% in)
 *   - GET /runs?status=failed         first page and a deep page
 *   - GET /konnectors/:id/runs        first page and a deep page
 *   - GET /runs/:runId                a run with its steps (tree included)
 *   - GET /konnectors                 the library (last run and runs in the last 24 h of each)
 *
 * Prints p50 / p99 per case (target p99 ≤ 50 ms), then times a day's retention: the oldest day's
 * partitions detached and dropped (target ≤ 1 s), and apart from it the batched delete of that
 * day's event-key rows. BENCH_KEEP_DB=1 keeps the database (to EXPLAIN).
 *
 * Run: cd bench && BENCH_RUNS=10000000 npx tsx --tsconfig ../apps/web/tsconfig.json api.ts
 * (Postgres must be up; DATABASE_URL may point at any database on the server to use. 10 M runs
 * take ~15 GB of disk while it runs.)
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDb, dropDatabase, ensureDatabase, generateKeySpec, migrateDeploy, type Db } from '@konnect/db';
import { clearDroppedReferences, deleteEventKeys, dropPartition, droppablePartitions, ensureRunPartitions, type Platform } from '@konnect/platform';

const RUNS = Number(process.env.BENCH_RUNS) || 200_000;
const DAYS = Number(process.env.BENCH_DAYS) || 4;
const OTHER_WORKSPACE_RUNS = Math.round(RUNS / 10);
const CHUNK = 500_000;
const DAY_MS = 86_400_000;
const KONNECTORS = 8;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS) || 200;
const WARMUP = 20;

const webSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/web/src');

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The parts of the web app's modules used here (imported by path at run time, so typed by hand). */
interface RequestModule {
  call(handler: Handler, method: string, path: string, opts: { as: { cookie: string }; params: Record<string, string>; query?: Record<string, string> }): Promise<{ status: number; text: string }>;
  sessionCookie(user: { id: string; email: string; name: string }): Promise<string>;
}
interface CursorModule {
  encodeCursor(c: { createdAt: Date; id: string }): string;
}
interface ServicesModule {
  db(): Db;
}

async function webModule<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(path.join(webSrc, file)).href)) as T;
}

/** A route module's GET handler (imported at run time from the web app; its env is set first). */
async function handler(file: string, method = 'GET'): Promise<Handler> {
  const mod: unknown = await import(pathToFileURL(path.join(webSrc, file)).href);
  const fn = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>)[method] : undefined;
  if (typeof fn !== 'function') throw new Error(`${file} has no ${method} handler`);
  return fn as Handler;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function seed(db: Db): Promise<{ userId: string; workspaceId: string; konnectorIds: string[] }> {
  const user = await db.user.create({ data: { email: `bench-${randomBytes(4).toString('hex')}@example.test`, name: 'Bench', passwordHash: 'x' } });
  const makeWorkspace = async (name: string) => {
    const ws = await db.workspace.create({ data: { name, slug: `${name}-${randomBytes(4).toString('hex')}`, memberships: { create: { userId: user.id, role: 'owner' } } } });
    const ids: string[] = [];
    for (let i = 0; i < KONNECTORS; i++) {
      const definition = { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [1, 2, 3].map((n) => ({ type: 'action', id: `a${n}`, connector: 'formatter', action: 'text', input: { text: `{{trigger.name}} ${n}` }, onError: 'stop' })) };
      const k = await db.konnector.create({ data: { workspaceId: ws.id, name: `${name} konnector ${i}`, draft: definition, status: 'active' } });
      const v = await db.konnectorVersion.create({ data: { konnectorId: k.id, number: 1, definition } });
      await db.konnector.update({ where: { id: k.id }, data: { publishedVersionId: v.id } });
      ids.push(k.id);
    }
    return { workspaceId: ws.id, konnectorIds: ids };
  };
  const main = await makeWorkspace('bench');
  const other = await makeWorkspace('other');

  // One partition per day for the days the runs cover (the migration made today's and the next 7).
  const p = { db } as unknown as Platform;
  await ensureRunPartitions(p, { from: new Date(Date.now() - DAYS * DAY_MS), daysAhead: 7 });
  // Batch INSERTs of 500,000 rows, runs evenly over the last DAYS days (newest first: g = 0 is now), their event keys in the same statement.
  const spacingMs = (DAYS * DAY_MS) / RUNS;
  const insertRuns = async (workspaceId: string, konnectorIds: string[], total: number, tag: string) => {
    for (let start = 0; start < total; start += CHUNK) {
      const count = Math.min(CHUNK, total - start);
      await db.$executeRawUnsafe(
        `WITH r AS (
           INSERT INTO "Run" ("id", "workspaceId", "konnectorId", "versionId", "eventKey", "status", "trigger", "summary", "tasks", "createdAt", "startedAt", "finishedAt", "updatedAt")
           SELECT $6 || lpad(g::text, 10, '0'), $1, k.id, k."publishedVersionId", 'ev-' || g,
             -- Unfinished runs as a live instance has them: running in the last hour, a few waiting on a Delay from any day.
             (CASE WHEN g % 100000 = 99999 THEN 'waiting' WHEN g % 100 < 85 THEN 'succeeded' WHEN g % 100 < 93 THEN 'failed' WHEN g % 100 < 97 THEN 'filtered'
               WHEN g % 100 < 99 OR t < (now() AT TIME ZONE 'UTC') - interval '1 hour' THEN 'partial' ELSE 'running' END)::"RunStatus",
             jsonb_build_object('id', g, 'name', 'Person ' || g, 'email', 'p' || g || '@example.test'),
             'Succeeded: 3 steps', 3, t, t, t + interval '40 milliseconds', t
           FROM generate_series($2::int, $3::int) AS g
           CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', (now() AT TIME ZONE 'UTC') - (g * $7::float8) * interval '1 millisecond') AS t) AS ts
           JOIN (SELECT id, "publishedVersionId", row_number() OVER (ORDER BY id) - 1 AS n FROM "Konnector" WHERE id = ANY($4::text[])) AS k ON k.n = g % $5
           RETURNING "konnectorId", "eventKey", "id", "createdAt")
         INSERT INTO "RunEventKey" ("konnectorId", "eventKey", "runId", "createdAt") SELECT * FROM r`,
        workspaceId,
        start,
        start + count - 1,
        konnectorIds,
        konnectorIds.length,
        tag,
        spacingMs * (RUNS / total),
      );
      if (total >= 2_000_000) console.log(`  ${tag}: ${(start + count).toLocaleString()} runs`);
    }
  };
  await insertRuns(main.workspaceId, main.konnectorIds, RUNS, 'run_');
  await insertRuns(other.workspaceId, other.konnectorIds, OTHER_WORKSPACE_RUNS, 'oth_');

  // A few steps each for every 100th run (paths of 3 actions; failed runs end with a failed step).
  await db.$executeRawUnsafe(
    `INSERT INTO "RunStep" ("id", "runId", "runCreatedAt", "stepId", "iteration", "type", "status", "input", "output", "error", "seq", "durationMs", "attempts")
     SELECT r.id || '-' || s, r.id, r."createdAt", 'a' || s, '', 'action',
       (CASE WHEN r.status = 'failed' AND s = 3 THEN 'failed' ELSE 'succeeded' END)::"StepStatus",
       jsonb_build_object('text', 'Person ' || s, 'email', r.trigger->>'email'),
       jsonb_build_object('result', repeat('x', 200), 'n', s),
       CASE WHEN r.status = 'failed' AND s = 3 THEN jsonb_build_object('kind', 'validation', 'message', 'the app said no', 'stepId', 'a3', 'retryable', false) END,
       s - 1, 12, 1
     FROM (SELECT id, status, trigger, "createdAt" FROM "Run" WHERE "workspaceId" = $1 AND right(id, 2) = '00') AS r
     CROSS JOIN generate_series(1, 3) AS s`,
    main.workspaceId,
  );
  // What autovacuum does soon after a bulk load: statistics and the visibility map (index-only scans).
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  return { userId: user.id, workspaceId: main.workspaceId, konnectorIds: main.konnectorIds };
}

/** A day's retention: the oldest full day's partitions dropped (timed apart from its event keys' batched delete). */
async function retention(db: Db): Promise<void> {
  const p = { db } as unknown as Platform;
  const [oldest] = await droppablePartitions(p, new Date(Date.now() - (DAYS - 1) * DAY_MS));
  if (!oldest) {
    console.log('\nno full day past the horizon to drop (BENCH_DAYS ≥ 2 needed)');
    return;
  }
  const [size] = await db.$queryRawUnsafe<{ runs: number; steps: number; bytes: string }[]>(
    `SELECT (SELECT count(*)::int FROM "${oldest.run}") AS runs, (SELECT count(*)::int FROM "${oldest.step}") AS steps,
       pg_size_pretty(pg_total_relation_size('"${oldest.run}"') + pg_total_relation_size('"${oldest.step}"')) AS bytes`,
  );
  let t0 = performance.now();
  const kept = (await dropPartition(p, oldest)) ?? [];
  const dropMs = performance.now() - t0;
  t0 = performance.now();
  const keys = await deleteEventKeys(p, oldest, kept);
  await clearDroppedReferences(p, oldest.to);
  const keysMs = performance.now() - t0;
  console.log(`\na day's retention: ${oldest.run} (${size?.runs.toLocaleString()} runs, ${size?.steps.toLocaleString()} steps, ${size?.bytes}) detached and dropped in ${dropMs.toFixed(0)} ms (target ≤ 1 s: ${dropMs <= 1000 ? 'met' : 'NOT met'}), ${kept.length.toLocaleString()} unfinished runs kept`);
  console.log(`  then its ${keys.toLocaleString()} event keys deleted in batches in ${(keysMs / 1000).toFixed(1)} s (in the background of the same job; no lock on the event log)`);
}

async function main(): Promise<void> {
  const base = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/konnect');
  base.pathname = `/konnect_bench_api_${randomBytes(3).toString('hex')}`;
  const url = base.toString();
  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString('hex');
  process.env.KONNECT_ENCRYPTION_KEY ||= generateKeySpec('bench');
  process.env.NEXTAUTH_URL = 'http://localhost:3000';

  console.log(`scratch database ${base.pathname.slice(1)}: creating and migrating`);
  await ensureDatabase(url);
  const db = createDb(url, { max: 4 });
  try {
    await migrateDeploy(url);
    let t0 = performance.now();
    const { userId, workspaceId, konnectorIds } = await seed(db);
    const steps = await db.runStep.count();
    console.log(`seeded ${RUNS.toLocaleString()} runs (+${OTHER_WORKSPACE_RUNS.toLocaleString()} in another workspace) over ${DAYS} days and ${steps.toLocaleString()} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s (VACUUM ANALYZE included)`);

    const { call, sessionCookie } = await webModule<RequestModule>('test/request.ts');
    const { encodeCursor } = await webModule<CursorModule>('server/runs/cursor.ts');
    const list = await handler('app/api/v1/workspaces/[workspaceId]/runs/route.ts');
    const byKonnector = await handler('app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/runs/route.ts');
    const detail = await handler('app/api/v1/workspaces/[workspaceId]/runs/[runId]/route.ts');
    const library = await handler('app/api/v1/workspaces/[workspaceId]/konnectors/route.ts');
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
    const as = { cookie: await sessionCookie(user) };

    const cursorAt = async (offset: number, where: string): Promise<string> => {
      const rows = await db.$queryRawUnsafe<{ id: string; createdAt: Date }[]>(`SELECT id, "createdAt" FROM "Run" WHERE ${where} ORDER BY "createdAt" DESC, id DESC OFFSET ${offset} LIMIT 1`);
      const row = rows[0];
      if (!row) throw new Error(`no run at offset ${offset}`);
      return encodeCursor(row);
    };
    const ws = `"workspaceId" = '${workspaceId}'`;
    const konnectorId = konnectorIds[0] ?? '';
    const sampleRuns = await db.$queryRawUnsafe<{ runId: string }[]>(`SELECT DISTINCT "runId" FROM "RunStep" LIMIT 50`);

    const cases: [string, () => Promise<{ status: number; text: string }>][] = [];
    const listCase = (name: string, query: Record<string, string>, konnector?: string) =>
      cases.push([name, () => (konnector ? call(byKonnector, 'GET', '/r', { as, params: { workspaceId, konnectorId: konnector }, query }) : call(list, 'GET', '/r', { as, params: { workspaceId }, query }))]);
    listCase('runs: first page (25)', {});
    listCase('runs: page at 50% (cursor)', { cursor: await cursorAt(RUNS / 2, ws) });
    listCase('runs: page at 95% (cursor)', { cursor: await cursorAt(Math.floor(RUNS * 0.95), ws) });
    listCase('runs: 100 per page at 95%', { cursor: await cursorAt(Math.floor(RUNS * 0.95), ws), limit: '100' });
    listCase('runs?status=failed: first page', { status: 'failed' });
    listCase('runs?status=failed: page at 90%', { status: 'failed', cursor: await cursorAt(Math.floor(RUNS * 0.08 * 0.9), `${ws} AND status = 'failed'`) });
    listCase('runs?status=partial,running: first', { status: 'partial,running' });
    listCase('runs?from&to (one hour)', { from: new Date(Date.now() - 5 * 3_600_000).toISOString(), to: new Date(Date.now() - 4 * 3_600_000).toISOString() });
    listCase('konnector runs: first page', {}, konnectorId);
    listCase('konnector runs: page at 90%', { cursor: await cursorAt(Math.floor((RUNS / KONNECTORS) * 0.9), `"konnectorId" = '${konnectorId}'`) }, konnectorId);
    let n = 0;
    cases.push([`konnector library (${KONNECTORS}, runs in 24 h)`, () => call(library, 'GET', '/k', { as, params: { workspaceId } })]);
    cases.push(['run detail (3 steps, tree)', () => call(detail, 'GET', '/r', { as, params: { workspaceId, runId: sampleRuns[n++ % sampleRuns.length]?.runId ?? '' } })]);

    console.log(`\n${'case'.padEnd(38)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}   (${ITERATIONS} calls each, in-process handler incl. auth)`);
    let worst = 0;
    for (const [name, fn] of cases) {
      for (let i = 0; i < WARMUP; i++) await fn();
      const times: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        t0 = performance.now();
        const res = await fn();
        times.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      }
      times.sort((a, b) => a - b);
      const p99 = percentile(times, 99);
      worst = Math.max(worst, p99);
      console.log(`${name.padEnd(38)} ${percentile(times, 50).toFixed(2).padStart(6)} ms ${p99.toFixed(2).padStart(6)} ms${p99 > 50 ? '  ← over 50 ms' : ''}`);
    }
    console.log(`\nworst p99 ${worst.toFixed(2)} ms (target ≤ 50 ms): ${worst <= 50 ? 'met' : 'NOT met'}`);
    await retention(db);
  } finally {
    await db.$disconnect();
    const { db: webDb } = await webModule<ServicesModule>('server/services.ts');
    await webDb().$disconnect();
    if (process.env.BENCH_KEEP_DB === '1') {
      console.log(`kept ${url} (BENCH_KEEP_DB=1): drop it when done`);
    } else {
      await dropDatabase(url);
      console.log(`dropped ${base.pathname.slice(1)}`);
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
