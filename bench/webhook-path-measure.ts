/**
 * What bench/webhook-path.ts reads besides CPU: wrk's answers (webhook-path.lua), the runs in
 * PostgreSQL (the event log is the truth: created, finished, their step records), Redis's command
 * counters and PostgreSQL's own counters for the bench database.
 */
import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Db } from '@konnect/db';

const here = path.dirname(fileURLToPath(import.meta.url));

const WrkSummary = z.object({
  requests: z.number(),
  duration_us: z.number(),
  p50_us: z.number(),
  p90_us: z.number(),
  p99_us: z.number(),
  max_us: z.number(),
  connect: z.number(),
  read: z.number(),
  write: z.number(),
  status: z.number(),
  timeout: z.number(),
  statuses: z.record(z.string(), z.number()),
});
export type WrkSummary = z.infer<typeof WrkSummary> & { runIds: string[] };

/** `wrk -t1 -cC -dDs --timeout 10s --latency` as the n8n harness runs it, against `urls` (round-robin when several). */
export async function runWrk(urls: readonly string[], concurrency: number, seconds: number): Promise<WrkSummary> {
  const idsFile = path.join(tmpdir(), `webhook-path-ids-${process.pid}-${Date.now()}.txt`);
  const first = new URL(urls[0] ?? '');
  const paths = urls.length > 1 ? urls.map((u) => new URL(u).pathname).join(',') : '';
  const args = ['-t1', `-c${concurrency}`, `-d${seconds}s`, '--timeout', '10s', '--latency', '-s', path.join(here, 'webhook-path.lua'), first.href];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args, { env: { ...process.env, WRK_IDS_FILE: idsFile, WRK_PATHS: paths }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}:\n${text}`))));
  });
  const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const summary = WrkSummary.parse(JSON.parse(line.slice('WRKJSON '.length)));
  const runIds = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
  rmSync(idsFile, { force: true });
  return { ...summary, runIds };
}

/** The body of ../shared/bench/peer-n8n/post.lua (webhook-path.lua sends the same). */
const POST_BODY = '{"id":123,"name":"  Alice Example ","score":7,"tags":["x","y","z"]}';

/**
 * An open-loop load: `rate` calls a second for `seconds`, each sent at its time whatever the earlier
 * ones are doing (a closed loop like wrk's sends the next call only once one is answered, so a slow
 * answer lowers the load instead of showing). For "hook → finished at a load it sustains": run it
 * below the rate the path completes. Same summary as runWrk (latencies of the answers, statuses, the
 * run ids of the 202s); a call not answered within 10 s counts as a timeout.
 */
export async function runFixedRate(urls: readonly string[], rate: number, seconds: number): Promise<WrkSummary> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const runIds: string[] = [];
  let timeouts = 0;
  let failed = 0;
  const total = Math.round(rate * seconds);
  const send = (url: string) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = httpRequest(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(POST_BODY) }, timeout: 10_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          const status = String(res.statusCode ?? 0);
          statuses[status] = (statuses[status] ?? 0) + 1;
          const id = res.statusCode === 202 ? /"runId":"([^"]+)"/.exec(body)?.[1] : undefined;
          if (id) runIds.push(id);
          resolve();
        });
      });
      req.on('timeout', () => {
        timeouts += 1;
        req.destroy();
      });
      req.on('error', () => {
        failed += 1;
        resolve();
      });
      req.end(POST_BODY);
    });
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(urls[i % urls.length] ?? ''));
  }
  await Promise.all(inFlight);
  const durationUs = Math.round((performance.now() - started) * 1000);
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * sorted.length))] ?? 0) * 1000);
  const non2xx = Object.entries(statuses).filter(([s]) => !s.startsWith('2')).reduce((n, [, c]) => n + c, 0);
  return {
    requests: latencies.length,
    duration_us: durationUs,
    p50_us: pct(50),
    p90_us: pct(90),
    p99_us: pct(99),
    max_us: Math.round((sorted.at(-1) ?? 0) * 1000),
    connect: 0,
    read: failed - timeouts,
    write: 0,
    status: non2xx,
    timeout: timeouts,
    statuses,
    runIds,
  };
}

export interface RunCounts {
  total: number;
  succeeded: number;
  /** queued, running or waiting: not finished yet. */
  pending: number;
  firstCreatedMs: number | null;
  lastFinishedMs: number | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function runCounts(db: Db, konnectorIds: readonly string[]): Promise<RunCounts> {
  const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT count(*) AS total,
            count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
            count(*) FILTER (WHERE status IN ('queued', 'running', 'waiting')) AS pending,
            extract(epoch FROM min("createdAt")) * 1000 AS first_created,
            extract(epoch FROM max("finishedAt")) * 1000 AS last_finished
       FROM "Run" WHERE "konnectorId" = ANY($1::text[])`,
    konnectorIds,
  );
  return { total: Number(row?.total), succeeded: Number(row?.succeeded), pending: Number(row?.pending), firstCreatedMs: num(row?.first_created), lastFinishedMs: num(row?.last_finished) };
}

/**
 * Waits until no run of the konnectors is unfinished and the counts have not changed for 2 s (as
 * the harness's drain); throws after `timeoutS` naming what is still pending, or as soon as
 * `stillRunning` throws (a product process exited).
 */
export async function waitForDrain(db: Db, konnectorIds: readonly string[], timeoutS: number, stillRunning: () => void): Promise<{ counts: RunCounts; observedAt: number }> {
  const started = Date.now();
  let last = '';
  let changedAt = Date.now();
  for (;;) {
    stillRunning();
    const counts = await runCounts(db, konnectorIds);
    const key = `${counts.total}/${counts.succeeded}/${counts.pending}`;
    if (key !== last) {
      last = key;
      changedAt = Date.now();
    }
    if (counts.pending === 0 && Date.now() - changedAt >= 2000) return { counts, observedAt: changedAt };
    if (Date.now() - started > timeoutS * 1000) throw new Error(`drain timeout after ${timeoutS} s: ${counts.pending} of ${counts.total} runs still unfinished`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface RunFacts {
  statuses: Record<string, number>;
  /** Runs by how many step records they have: {"3": 1200} when every run has 3. */
  stepRecords: Record<string, number>;
  hookToFinishedP50Ms: number | null;
  hookToFinishedP99Ms: number | null;
  /** Answered 202 run ids with no run, or whose run did not succeed. */
  answeredNotSucceeded: number;
  /** Run ids answered more than once. */
  answeredTwice: number;
}

export async function runFacts(db: Db, konnectorIds: readonly string[], answeredIds: readonly string[]): Promise<RunFacts> {
  const statusRows = await db.$queryRawUnsafe<{ status: string; n: bigint }[]>(`SELECT status::text, count(*) AS n FROM "Run" WHERE "konnectorId" = ANY($1::text[]) GROUP BY 1`, konnectorIds);
  const stepRows = await db.$queryRawUnsafe<{ steps: bigint; n: bigint }[]>(
    `SELECT steps, count(*) AS n FROM (
       SELECT r.id, count(s.id) AS steps FROM "Run" r LEFT JOIN "RunStep" s ON s."runId" = r.id
        WHERE r."konnectorId" = ANY($1::text[]) GROUP BY r.id) x GROUP BY steps`,
    konnectorIds,
  );
  const [lat] = await db.$queryRawUnsafe<{ p50: number | null; p99: number | null }[]>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
       FROM (SELECT extract(epoch FROM ("finishedAt" - "createdAt")) * 1000 AS ms FROM "Run"
              WHERE "konnectorId" = ANY($1::text[]) AND status = 'succeeded') x`,
    konnectorIds,
  );
  const [missing] = await db.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM (SELECT DISTINCT id FROM unnest($1::text[]) AS a(id)) a
       LEFT JOIN "Run" r ON r.id = a.id AND r.status = 'succeeded' WHERE r.id IS NULL`,
    answeredIds,
  );
  return {
    statuses: Object.fromEntries(statusRows.map((r) => [r.status, Number(r.n)])),
    stepRecords: Object.fromEntries(stepRows.map((r) => [String(r.steps), Number(r.n)])),
    hookToFinishedP50Ms: num(lat?.p50),
    hookToFinishedP99Ms: num(lat?.p99),
    answeredNotSucceeded: Number(missing?.n ?? 0),
    answeredTwice: answeredIds.length - new Set(answeredIds).size,
  };
}

/** Every command Redis ran so far (INFO commandstats, commands inside Lua scripts included). */
export async function redisCommands(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  let total = 0;
  for (const m of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) total += Number(m[1]);
  return total;
}

export interface PgCounters {
  xacts: number;
  rowsWritten: number;
  /** Server-wide: every database's WAL, not only the bench's. */
  walBytes: number;
}

export async function pgCounters(db: Db): Promise<PgCounters> {
  const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT xact_commit + xact_rollback AS xacts, tup_inserted + tup_updated + tup_deleted AS rows,
            pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS wal
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { xacts: Number(row?.xacts), rowsWritten: Number(row?.rows), walBytes: Number(row?.wal) };
}

/** The event log's tables: runs, their step records and hook answers, and (partitioned builds) the event-key index. */
const EVENT_LOG_TABLES = ['Run', 'RunStep', 'HookResponse', 'RunEventKey'];

/**
 * Empties the event log between cells (as the harness truncates n8n's executions): the tables of
 * it this build has, and whatever refers to them by a foreign key; only ever the bench's scratch database.
 */
export async function resetRuns(db: Db): Promise<void> {
  const present = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM unnest($1::text[]) AS t(name) WHERE to_regclass(quote_ident(name)) IS NOT NULL`, EVENT_LOG_TABLES);
  await db.$executeRawUnsafe(`TRUNCATE ${present.map((t) => `"${t.name}"`).join(', ')} CASCADE`);
  await db.$executeRawUnsafe('CHECKPOINT');
}
