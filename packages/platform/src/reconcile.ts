/**
 * The reconciler: Postgres is the truth, Redis is rebuilt from it. One pass makes Redis match what
 * Postgres says must be scheduled or queued:
 *
 * 1. Trigger schedulers. Every active konnector whose trigger is not paused needs its poll or
 *    Scheduler job scheduler (registration.ts), with the interval/cron of its published version.
 *    Missing, stale (another signature) or dead ones (the next tick is overdue and its delayed job
 *    is gone) are upserted; schedulers of konnectors that are off, paused or deleted are removed.
 * 2. Maintenance: the retention scheduler exists.
 * 3. Runs. A queued run older than QUEUED_GRACE_MS whose job is missing (or already ended; a worker
 *    holding its job keeps it touched, heartbeat.ts, so HEARTBEAT_MS must stay below the grace), and a
 *    running run whose worker stopped reporting it (`updatedAt` older than RUNNING_STALE_MS: each
 *    worker touches its in-flight runs every few seconds, heartbeat.ts) and whose job is gone, are
 *    put back in the queue. A run resumes after its last committed step, so nothing runs twice.
 *
 * Cost when nothing changed: one Redis round trip (ZRANGE + HGETALL per scheduler queue, and the
 * maintenance set) and two short Postgres statements, whatever the number of konnectors; parsed
 * schedules are cached per (immutable) version. Redis is read BEFORE Postgres, so a konnector
 * turned on during the pass is never mistaken for a stale scheduler.
 *
 * One leader at a time (a Redis lease), so N workers do not repeat it; every step is idempotent,
 * so two passes overlapping by accident do no harm.
 */
import { versionDefinition } from './definition';
import { errorMessage } from './errors';
import type { Platform } from './platform';
import { enqueueRuns } from './run-create';
import { removeScheduler, upsertScheduler, type Queues } from './queues';
import { applyRegistration, registrationOf, SCHEDULER_QUEUES, signatureKey, type Registration, type SchedulerQueue } from './registration';
import { MAINTENANCE_SCHEDULERS } from './maintenance';

export const RECONCILE_EVERY_MS = 30_000;
/** A queued run this old with no job is re-enqueued (a fresh one may be between INSERT and enqueue). */
export const QUEUED_GRACE_MS = 30_000;
/** A running run not touched by its worker for this long has no live executor. */
export const RUNNING_STALE_MS = 60_000;
/** A scheduler tick overdue by this much is checked for its delayed job. */
const OVERDUE_MS = 5_000;
const RUN_BATCH = 5000;
const CONCURRENT_WRITES = 256;

export interface ReconcileOptions {
  now?: Date;
  /** Only these workspaces (tests share one database between Redis prefixes; production: all). */
  workspaceIds?: readonly string[];
  runLimit?: number;
  /** Defaults QUEUED_GRACE_MS and RUNNING_STALE_MS (tests shorten them, with a faster heartbeat). */
  queuedGraceMs?: number;
  runningStaleMs?: number;
}

export interface ReconcileReport {
  ms: number;
  /** Active, unpaused konnectors that need a scheduler. */
  scheduled: number;
  schedulers: { created: number; updated: number; revived: number; removed: number };
  maintenance: number;
  runs: { enqueued: number; requeued: number };
  statements: number;
  redisCommands: number;
}

interface Cached {
  reg: Omit<Registration, 'schedulerId'> | null;
}
const schedules = new WeakMap<Platform, Map<string, Cached>>();

function scheduleCache(p: Platform): Map<string, Cached> {
  let cache = schedules.get(p);
  if (!cache) {
    cache = new Map();
    schedules.set(p, cache);
  }
  if (cache.size > 100_000) cache.clear();
  return cache;
}

/** In chunks, so thousands of upserts pipeline on the connection without flooding it. */
async function inChunks<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENT_WRITES) await Promise.all(items.slice(i, i + CONCURRENT_WRITES).map(work));
}

const repeatKey = (queues: Queues, name: SchedulerQueue | 'maintenance') => `${queues.prefix}:${name}:repeat`;
const schedulerKind = (id: string): SchedulerQueue | null => (id.startsWith('poll-') ? 'poll' : id.startsWith('schedule-') ? 'schedule' : null);
const konnectorOf = (schedulerId: string) => schedulerId.slice(schedulerId.indexOf('-') + 1);

interface RedisView {
  next: Map<string, number>;
  signatures: Map<string, string>;
}

async function readRedis(p: Platform, report: ReconcileReport): Promise<{ queues: Map<SchedulerQueue, RedisView>; maintenance: Set<string> }> {
  const pipe = p.queues.redis.pipeline();
  for (const q of SCHEDULER_QUEUES) {
    pipe.zrange(repeatKey(p.queues, q), 0, -1, 'WITHSCORES');
    pipe.hgetall(signatureKey(p.queues, q));
  }
  pipe.zrange(repeatKey(p.queues, 'maintenance'), 0, -1);
  const results = (await pipe.exec()) ?? [];
  report.redisCommands += results.length;
  const value = (i: number): unknown => {
    const [err, v] = results[i] ?? [new Error('no reply'), null];
    if (err) throw err;
    return v;
  };
  const queues = new Map<SchedulerQueue, RedisView>();
  SCHEDULER_QUEUES.forEach((q, i) => {
    const flat = value(i * 2) as string[];
    const next = new Map<string, number>();
    for (let j = 0; j + 1 < flat.length; j += 2) next.set(flat[j] as string, Number(flat[j + 1]));
    queues.set(q, { next, signatures: new Map(Object.entries(value(i * 2 + 1) as Record<string, string>)) });
  });
  return { queues, maintenance: new Set(value(SCHEDULER_QUEUES.length * 2) as string[]) };
}

interface ActiveRow {
  id: string;
  workspaceId: string;
  versionId: string;
}

/** What every active, unpaused konnector needs, from Postgres (definitions only for versions not seen yet). */
async function expectedSchedulers(p: Platform, opts: ReconcileOptions, report: ReconcileReport): Promise<Map<string, { workspaceId: string; reg: Registration }>> {
  const scope = opts.workspaceIds ? [...opts.workspaceIds] : null;
  const rows = await p.db.$queryRaw<ActiveRow[]>`
    SELECT "id", "workspaceId", "publishedVersionId" AS "versionId" FROM "Konnector"
    WHERE "status" = 'active' AND "triggerState" <> 'paused' AND "publishedVersionId" IS NOT NULL
      AND (${scope}::text[] IS NULL OR "workspaceId" = ANY(${scope}::text[]))`;
  report.statements++;
  const cache = scheduleCache(p);
  const unknown = [...new Set(rows.map((r) => r.versionId).filter((v) => !cache.has(v)))];
  for (let i = 0; i < unknown.length; i += 1000) {
    const versions = await p.db.konnectorVersion.findMany({ where: { id: { in: unknown.slice(i, i + 1000) } }, select: { id: true, definition: true } });
    report.statements++;
    for (const v of versions) {
      let reg: Cached['reg'] = null;
      try {
        const made = registrationOf(p, '', versionDefinition(v.id, v.definition));
        reg = made ? { queue: made.queue, repeat: made.repeat, signature: made.signature } : null;
      } catch (err) {
        p.log.warn(`reconcile: version ${v.id} has no readable schedule: ${errorMessage(err)}`);
      }
      cache.set(v.id, { reg });
    }
  }
  const expected = new Map<string, { workspaceId: string; reg: Registration }>();
  for (const row of rows) {
    const reg = cache.get(row.versionId)?.reg;
    if (!reg) continue;
    const schedulerId = `${reg.queue}-${row.id}`;
    expected.set(schedulerId, { workspaceId: row.workspaceId, reg: { ...reg, schedulerId } });
  }
  return expected;
}

async function reconcileSchedulers(p: Platform, view: Map<SchedulerQueue, RedisView>, opts: ReconcileOptions, report: ReconcileReport): Promise<void> {
  const expected = await expectedSchedulers(p, opts, report);
  report.scheduled = expected.size;
  const now = (opts.now ?? new Date()).getTime();
  const toApply: { workspaceId: string; reg: Registration; why: 'created' | 'updated' | 'revived' }[] = [];
  const overdue: { workspaceId: string; reg: Registration; jobKey: string }[] = [];
  for (const [schedulerId, want] of expected) {
    const seen = view.get(want.reg.queue);
    const next = seen?.next.get(schedulerId);
    if (next === undefined) toApply.push({ ...want, why: 'created' });
    else if (seen?.signatures.get(schedulerId) !== want.reg.signature) toApply.push({ ...want, why: 'updated' });
    else if (next < now - OVERDUE_MS) overdue.push({ ...want, jobKey: `${p.queues.prefix}:${want.reg.queue}:repeat:${schedulerId}:${next}` });
  }
  if (overdue.length > 0) {
    // An overdue tick is normal while the queue is busy; it is dead only when its delayed job is gone.
    const pipe = p.queues.redis.pipeline();
    for (const o of overdue) pipe.exists(o.jobKey);
    const found = (await pipe.exec()) ?? [];
    report.redisCommands += overdue.length;
    overdue.forEach((o, i) => {
      if (found[i]?.[1] === 0) toApply.push({ workspaceId: o.workspaceId, reg: o.reg, why: 'revived' });
    });
  }
  await inChunks(toApply, async (item) => {
    await applyRegistration(p, item.workspaceId, konnectorOf(item.reg.schedulerId), item.reg);
    report.schedulers[item.why]++;
  });
  report.redisCommands += toApply.length * 2;

  const scope = opts.workspaceIds ? new Set(opts.workspaceIds) : null;
  const inScope = scope ? await konnectorsIn(p, scope, view, report) : null;
  const stale: { queue: SchedulerQueue; id: string }[] = [];
  for (const [queue, seen] of view) {
    for (const id of new Set([...seen.next.keys(), ...seen.signatures.keys()])) {
      if (schedulerKind(id) !== queue || expected.has(id)) continue;
      if (inScope && !inScope.has(konnectorOf(id))) continue;
      stale.push({ queue, id });
    }
  }
  await inChunks(stale, async ({ queue, id }) => {
    await removeScheduler(p.queues, queue, id);
    await p.queues.redis.hdel(signatureKey(p.queues, queue), id);
    if (view.get(queue)?.next.has(id)) report.schedulers.removed++;
  });
  report.redisCommands += stale.length * 2;
}

/** With a workspace scope, only schedulers of konnectors of those workspaces may be removed. */
async function konnectorsIn(p: Platform, scope: Set<string>, view: Map<SchedulerQueue, RedisView>, report: ReconcileReport): Promise<Set<string>> {
  const ids = [...new Set([...view.values()].flatMap((v) => [...v.next.keys(), ...v.signatures.keys()]).map(konnectorOf))];
  if (ids.length === 0) return new Set();
  const rows = await p.db.konnector.findMany({ where: { id: { in: ids } }, select: { id: true, workspaceId: true } });
  report.statements++;
  // A deleted konnector's scheduler has no workspace to judge by: left to its next tick (poll.ts drops it).
  return new Set(rows.filter((r) => scope.has(r.workspaceId)).map((r) => r.id));
}

async function reconcileMaintenance(p: Platform, present: Set<string>, report: ReconcileReport): Promise<void> {
  for (const [id, spec] of Object.entries(MAINTENANCE_SCHEDULERS)) {
    if (present.has(id)) continue;
    await upsertScheduler(p.queues, 'maintenance', id, { every: spec.everyMs }, { task: spec.task });
    report.redisCommands++;
    report.maintenance++;
  }
  for (const id of present) {
    if (id in MAINTENANCE_SCHEDULERS) continue;
    await removeScheduler(p.queues, 'maintenance', id);
    report.redisCommands++;
  }
}

interface UnfinishedRow {
  id: string;
  workspaceId: string;
  status: 'queued' | 'running';
}

const ENDED_JOB = new Set(['unknown', 'completed', 'failed']);

/**
 * Re-enqueues queued runs whose job is missing or ended, and puts back running runs that no worker
 * has touched for RUNNING_STALE_MS and whose job is gone. Returns the revived run ids.
 */
export async function reviveRuns(p: Platform, opts: ReconcileOptions = {}, report?: ReconcileReport): Promise<string[]> {
  const now = (opts.now ?? new Date()).getTime();
  const scope = opts.workspaceIds ? [...opts.workspaceIds] : null;
  const queuedBefore = new Date(now - (opts.queuedGraceMs ?? QUEUED_GRACE_MS)).toISOString();
  const runningBefore = new Date(now - (opts.runningStaleMs ?? RUNNING_STALE_MS)).toISOString();
  // Literal statuses, so the planner can use the partial index of unfinished runs.
  const candidates = await p.db.$queryRaw<UnfinishedRow[]>`
    SELECT "id", "workspaceId", "status"::text AS "status" FROM "Run"
    WHERE "status" IN ('queued', 'running') AND "updatedAt" < (${queuedBefore}::timestamptz AT TIME ZONE 'UTC')
      AND ("status" = 'queued' OR "updatedAt" < (${runningBefore}::timestamptz AT TIME ZONE 'UTC'))
      AND (${scope}::text[] IS NULL OR "workspaceId" = ANY(${scope}::text[]))
    ORDER BY "updatedAt" ASC
    LIMIT ${opts.runLimit ?? RUN_BATCH}`;
  if (report) report.statements++;
  if (candidates.length === 0) return [];
  const queue = p.queues.queue('run');
  const states = await Promise.all(candidates.map((run) => queue.getJobState(run.id)));
  if (report) report.redisCommands += candidates.length;
  const revive = candidates.filter((_, i) => ENDED_JOB.has(states[i] ?? 'unknown'));
  const ended = revive.filter((run) => states[candidates.indexOf(run)] !== 'unknown');
  await Promise.all(ended.map((run) => queue.remove(run.id).catch(() => 0)));
  let requeued = 0;
  for (const run of revive) {
    // Touched, so the next pass leaves it alone while its job waits; running → queued.
    await p.db.run.updateMany({ where: { id: run.id, workspaceId: run.workspaceId, status: run.status }, data: { status: 'queued', updatedAt: new Date() } });
    if (run.status === 'running') requeued++;
  }
  if (report) report.statements += revive.length;
  const byWorkspace = new Map<string, string[]>();
  for (const run of revive) byWorkspace.set(run.workspaceId, [...(byWorkspace.get(run.workspaceId) ?? []), run.id]);
  for (const [workspaceId, ids] of byWorkspace) await enqueueRuns(p.queues, workspaceId, ids);
  if (report) {
    report.redisCommands += byWorkspace.size + ended.length;
    report.runs.enqueued += revive.length;
    report.runs.requeued += requeued;
  }
  if (revive.length > 0) p.log.warn(`reconcile: re-enqueued ${revive.length} run(s) with no live job (${requeued} had been running)`);
  return revive.map((r) => r.id);
}

/** One reconciler pass (see the top of this file). */
export async function reconcile(p: Platform, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const started = performance.now();
  const report: ReconcileReport = {
    ms: 0,
    scheduled: 0,
    schedulers: { created: 0, updated: 0, revived: 0, removed: 0 },
    maintenance: 0,
    runs: { enqueued: 0, requeued: 0 },
    statements: 0,
    redisCommands: 0,
  };
  const redis = await readRedis(p, report);
  await reconcileSchedulers(p, redis.queues, opts, report);
  await reconcileMaintenance(p, redis.maintenance, report);
  await reviveRuns(p, opts, report);
  report.ms = Math.round(performance.now() - started);
  const changed = report.schedulers.created + report.schedulers.updated + report.schedulers.revived + report.schedulers.removed + report.maintenance;
  if (changed > 0) {
    const s = report.schedulers;
    p.log.warn(`reconcile: schedulers created ${s.created}, updated ${s.updated}, revived ${s.revived}, removed ${s.removed}; maintenance ${report.maintenance} (${report.ms} ms)`);
  }
  return report;
}
