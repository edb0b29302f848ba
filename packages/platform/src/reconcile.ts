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
 *    holding its job keeps it touched, heartbeat.ts, so HEARTBEAT_MS must stay below the grace) and
 *    that is not waiting for a slot in its workspace's ready set (fairness.ts), and a
 *    running run whose worker stopped reporting it (`updatedAt` older than RUNNING_STALE_MS: each
 *    worker touches its in-flight runs every few seconds, heartbeat.ts) and whose job is gone, are
 *    put back in the queue. A run resumes after its last committed step, so nothing runs twice.
 *    A waiting run (a Delay, run-wait.ts) due within WAITING_HORIZON_MS (or overdue) whose job is
 *    missing or ended gets its job again, delayed until its resumeAt: a wait survives Redis loss and
 *    resumes within one pass of its time. Only runs due soon are read (the partial index on
 *    resumeAt), so 100,000 runs waiting for days cost nothing per pass (bench/waiting.ts).
 *    A caller waiting on a called run (a sub-konnector's "Run konnector" step) whose called run has
 *    ended for CALLER_WAKE_GRACE_MS is woken (run-wait.ts wakeRun): the wake the finishing worker
 *    sends (subkonnector.ts wakeCaller) is in-process only, so one lost in a crash or with Redis
 *    would otherwise leave the caller waiting until its timeout (wakeCallers).
 * 4. Mail. A mail queued in Postgres for a few minutes whose job is gone is enqueued again
 *    (mail-revive.ts).
 * 5. Alert digests (alerts.ts): a digest due in Postgres for more than 30 s whose delayed job is gone is
 *    enqueued again, so losing Redis never loses a digest.
 *
 * Cost when nothing changed: one Redis round trip (ZRANGE + HGETALL per scheduler queue, and the
 * maintenance set), one script call per 1000 overdue ticks, and two short Postgres statements,
 * whatever the number of konnectors; parsed schedules are cached per (immutable) version. Writes
 * (scheduler upserts, removals) keep up to CONCURRENT_WRITES calls in flight, and their signatures
 * go in one HSET/HDEL per 1000. Redis is read BEFORE Postgres, so a konnector turned on during the
 * pass is never mistaken for a stale scheduler. bench/reconcile.ts measures all this.
 *
 * One leader at a time (a Redis lease), so N workers do not repeat it; every step is idempotent,
 * so two passes overlapping by accident do no harm.
 */
import { Prisma, queryRows } from '@konnect/db';
import { MAX_CALL_TIMEOUT_SECONDS } from '@konnect/schemas';
import { versionDefinition } from './definition';
import { perOwner } from './per-owner';
import { errorMessage, isAppError } from './errors';
import type { Platform } from './platform';
import { enqueueRuns } from './run-create';
import { wakeRun } from './run-wait';
import { readyRuns } from './fairness';
import { enqueueMany, removeScheduler, upsertScheduler, type Queues } from './queues';
import { registrationOf, schedulerGenerationKey, SCHEDULER_QUEUES, signatureKey, type Registration, type SchedulerQueue } from './registration';
import { MAINTENANCE_SCHEDULERS } from './maintenance';
import { reviveMail } from './mail-revive';
import { reviveDigests } from './alerts';

export const RECONCILE_EVERY_MS = 30_000;
/** A queued run this old with no job is re-enqueued (a fresh one may be between INSERT and enqueue). */
export const QUEUED_GRACE_MS = 30_000;
/** A running run not touched by its worker for this long has no live executor. */
export const RUNNING_STALE_MS = 60_000;
/** Waiting runs due within this much are checked for their job (two passes: a pass a little late still sees them ahead). */
export const WAITING_HORIZON_MS = 2 * RECONCILE_EVERY_MS;
/** A called run ended this long ago and its caller still waits: the finishing worker's wake was lost (it tries for ~16 s). */
export const CALLER_WAKE_GRACE_MS = 20_000;
/** A scheduler tick overdue by this much is checked for its delayed job. */
const OVERDUE_MS = 5_000;
const RUN_BATCH = 5000;
const CONCURRENT_WRITES = 256;
/** Keys or fields per multi-key command (overdue checks, signature writes). */
const KEYS_PER_CALL = 1000;

export interface ReconcileOptions {
  now?: Date;
  /** Only these workspaces (tests share one database between Redis prefixes; production: all). */
  workspaceIds?: readonly string[];
  runLimit?: number;
  /** Defaults QUEUED_GRACE_MS and RUNNING_STALE_MS (tests shorten them, with a faster heartbeat). */
  queuedGraceMs?: number;
  runningStaleMs?: number;
  /** Default CALLER_WAKE_GRACE_MS. */
  callerWakeGraceMs?: number;
  /** Default MAIL_QUEUED_GRACE_MS (mail-revive.ts). */
  mailQueuedGraceMs?: number;
}

export interface ReconcileReport {
  ms: number;
  /** Active, unpaused konnectors that need a scheduler. */
  scheduled: number;
  schedulers: { created: number; updated: number; revived: number; removed: number };
  maintenance: number;
  /**
   * waiting: waiting runs due soon whose job was gone, given a job again (delayed until their resumeAt).
   * callers: callers woken because the run they waited on had ended (their wake was lost).
   */
  runs: { enqueued: number; requeued: number; waiting: number; callers: number };
  /** Mails queued in Postgres whose job was gone, enqueued again (mail-revive.ts). */
  mails: number;
  /** Due alert digests whose delayed job was gone, enqueued again (alerts.ts). */
  digests: number;
  statements: number;
  redisCommands: number;
}

interface Cached {
  reg: Omit<Registration, 'schedulerId'> | null;
}

/** A konnector's scheduler as the last pass computed it (reused while its version and workspace stay). */
interface Expected {
  workspaceId: string;
  versionId: string;
  reg: Registration;
}

interface ScheduleCache {
  /** Per (immutable) version: its schedule, or null for none. */
  versions: Map<string, Cached>;
  konnectors: Map<string, Expected>;
}
const schedulesOf = perOwner<Platform, ScheduleCache>(() => ({ versions: new Map(), konnectors: new Map() }));

function scheduleCache(p: Platform): ScheduleCache {
  const cache = schedulesOf(p);
  if (cache.versions.size > 100_000 || cache.konnectors.size > 100_000) {
    cache.versions.clear();
    cache.konnectors.clear();
  }
  return cache;
}

/**
 * Up to CONCURRENT_WRITES calls in flight, the next one starting as soon as one ends: thousands of
 * upserts pipeline on the connection without flooding it, and this process prepares the next
 * calls while Redis runs the previous ones (chunks with a barrier between them left each side
 * waiting for the other). After a failure no new call starts; the first error is thrown.
 */
async function inWindow<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failed = false;
  const runner = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_WRITES, items.length) }, runner));
}

function chunks<T>(items: readonly T[], size = KEYS_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Which of the keys exist, one script call for all of them (EXISTS with several keys only counts). */
const EXISTS_EACH = `local found = {}
for i, key in ipairs(KEYS) do found[i] = redis.call('EXISTS', key) end
return found`;

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
    const stored = value(i * 2 + 1) as Record<string, string>;
    const signatures = new Map<string, string>();
    for (const id in stored) signatures.set(id, stored[id] as string);
    queues.set(q, { next, signatures });
  });
  return { queues, maintenance: new Set(value(SCHEDULER_QUEUES.length * 2) as string[]) };
}

interface ActiveRow {
  id: string;
  workspaceId: string;
  versionId: string;
}

/** What every active, unpaused konnector needs, from Postgres (definitions only for versions not seen yet). */
async function expectedSchedulers(p: Platform, opts: ReconcileOptions, report: ReconcileReport): Promise<Map<string, Expected>> {
  const scope = opts.workspaceIds ? [...opts.workspaceIds] : null;
  // On the pg pool (queryRows), not through Prisma's result mapping: thousands of rows.
  const rows = await queryRows<ActiveRow>(p.db, Prisma.sql`
    SELECT "id", "workspaceId", "publishedVersionId" AS "versionId" FROM "Konnector"
    WHERE "status" = 'active' AND "triggerState" <> 'paused' AND "publishedVersionId" IS NOT NULL
      AND (${scope}::text[] IS NULL OR "workspaceId" = ANY(${scope}::text[]))`);
  report.statements++;
  const { versions: cache, konnectors } = scheduleCache(p);
  const unknownSet = new Set<string>();
  for (const row of rows) if (!cache.has(row.versionId)) unknownSet.add(row.versionId);
  const unknown = [...unknownSet];
  for (const ids of chunks(unknown, 5000)) {
    const versions = await queryRows<{ id: string; definition: unknown }>(p.db, Prisma.sql`
      SELECT "id", "definition" FROM "KonnectorVersion" WHERE "id" = ANY(${ids}::text[])`);
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
  const expected = new Map<string, Expected>();
  for (const row of rows) {
    let want = konnectors.get(row.id);
    if (!want || want.versionId !== row.versionId || want.workspaceId !== row.workspaceId) {
      const reg = cache.get(row.versionId)?.reg;
      if (!reg) {
        konnectors.delete(row.id);
        continue;
      }
      want = { workspaceId: row.workspaceId, versionId: row.versionId, reg: { ...reg, schedulerId: `${reg.queue}-${row.id}` } };
      konnectors.set(row.id, want);
    }
    expected.set(want.reg.schedulerId, want);
  }
  return expected;
}

async function reconcileSchedulers(p: Platform, view: Map<SchedulerQueue, RedisView>, opts: ReconcileOptions, report: ReconcileReport): Promise<void> {
  const expected = await expectedSchedulers(p, opts, report);
  report.scheduled = expected.size;
  const now = (opts.now ?? new Date()).getTime();
  const toApply: { want: Expected; why: 'created' | 'updated' | 'revived' }[] = [];
  const overdue: { want: Expected; jobKey: string }[] = [];
  for (const [schedulerId, want] of expected) {
    const seen = view.get(want.reg.queue);
    const next = seen?.next.get(schedulerId);
    if (next === undefined) toApply.push({ want, why: 'created' });
    else if (seen?.signatures.get(schedulerId) !== want.reg.signature) toApply.push({ want, why: 'updated' });
    else if (next < now - OVERDUE_MS) overdue.push({ want, jobKey: `${p.queues.prefix}:${want.reg.queue}:repeat:${schedulerId}:${next}` });
  }
  // An overdue tick is normal while the queue is busy; it is dead only when its delayed job is gone.
  for (const batch of chunks(overdue)) {
    const found = (await p.queues.redis.eval(EXISTS_EACH, batch.length, ...batch.map((o) => o.jobKey))) as number[];
    report.redisCommands++;
    batch.forEach((o, i) => {
      if (found[i] === 0) toApply.push({ want: o.want, why: 'revived' });
    });
  }
  // The signatures of the schedulers written, recorded together (also after a failed upsert:
  // a scheduler written without its signature is only rewritten by the next pass).
  const written: Registration[] = [];
  try {
    await inWindow(toApply, async ({ want: { workspaceId, reg }, why }) => {
      await upsertScheduler(p.queues, reg.queue, reg.schedulerId, reg.repeat, { workspaceId, konnectorId: konnectorOf(reg.schedulerId) });
      report.redisCommands++;
      written.push(reg);
      report.schedulers[why]++;
    });
  } finally {
    for (const queue of SCHEDULER_QUEUES) {
      for (const batch of chunks(written.filter((reg) => reg.queue === queue))) {
        await p.queues.redis.hset(signatureKey(p.queues, queue), Object.fromEntries(batch.map((reg) => [reg.schedulerId, reg.signature])));
        report.redisCommands++;
      }
    }
  }

  const scope = opts.workspaceIds ? new Set(opts.workspaceIds) : null;
  const inScope = scope ? await konnectorsIn(p, scope, view, report) : null;
  const stale: { queue: SchedulerQueue; id: string }[] = [];
  for (const [queue, seen] of view) {
    const consider = (id: string) => {
      if (schedulerKind(id) !== queue || expected.has(id)) return;
      if (inScope && !inScope.has(konnectorOf(id))) return;
      stale.push({ queue, id });
    };
    for (const id of seen.next.keys()) consider(id);
    for (const id of seen.signatures.keys()) if (!seen.next.has(id)) consider(id);
  }
  const removed: { queue: SchedulerQueue; id: string }[] = [];
  try {
    await inWindow(stale, async ({ queue, id }) => {
      await removeScheduler(p.queues, queue, id);
      report.redisCommands++;
      if (view.get(queue)?.next.has(id)) report.schedulers.removed++;
      removed.push({ queue, id });
    });
  } finally {
    for (const queue of SCHEDULER_QUEUES) {
      for (const batch of chunks(removed.filter((r) => r.queue === queue))) {
        await p.queues.redis.hdel(signatureKey(p.queues, queue), ...batch.map((r) => r.id));
        report.redisCommands++;
      }
    }
  }
}

/** With a workspace scope, only schedulers of konnectors of those workspaces may be removed. */
async function konnectorsIn(p: Platform, scope: Set<string>, view: Map<SchedulerQueue, RedisView>, report: ReconcileReport): Promise<Set<string>> {
  const ids = [...new Set([...view.values()].flatMap((v) => [...v.next.keys(), ...v.signatures.keys()]).map(konnectorOf))];
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string; workspaceId: string }>(p.db, Prisma.sql`
    SELECT "id", "workspaceId" FROM "Konnector" WHERE "id" = ANY(${ids}::text[])`);
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

/** The queue keys BullMQ's getState reads, in its order (KEYS[1..8] of JOB_STATES). */
const STATE_KEYS = ['completed', 'failed', 'delayed', 'active', 'wait', 'paused', 'waiting-children', 'prioritized'];

/**
 * BullMQ's getState (getStateV2.lua: the same keys, checked in the same order) for many jobs in
 * one call. getState looks for a job in the active and wait lists with LPOS, a scan of the list
 * for every job: checking N queued runs against a backlog of N jobs cost N² (5,000 runs: ~0.5 s of
 * Redis time per pass, bench/reconcile.ts). Here each list is read once per call.
 */
const JOB_STATES = `local rcall = redis.call
local states, rest = {}, {}
for i, id in ipairs(ARGV) do
  if rcall('ZSCORE', KEYS[1], id) then states[i] = 'completed'
  elseif rcall('ZSCORE', KEYS[2], id) then states[i] = 'failed'
  elseif rcall('ZSCORE', KEYS[3], id) then states[i] = 'delayed'
  elseif rcall('ZSCORE', KEYS[8], id) then states[i] = 'prioritized'
  else states[i] = 'unknown'; rest[#rest + 1] = i end
end
if #rest > 0 then
  local function members(key)
    local set = {}
    for _, id in ipairs(rcall('LRANGE', key, 0, -1)) do set[id] = true end
    return set
  end
  local active, wait, paused = members(KEYS[4]), members(KEYS[5]), members(KEYS[6])
  for _, i in ipairs(rest) do
    local id = ARGV[i]
    if active[id] then states[i] = 'active'
    elseif wait[id] or paused[id] then states[i] = 'waiting'
    elseif rcall('ZSCORE', KEYS[7], id) then states[i] = 'waiting-children' end
  end
end
return states`;

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
  const keys = STATE_KEYS.map((k) => queue.toKey(k));
  const states = (await p.queues.redis.eval(JOB_STATES, keys.length, ...keys, ...candidates.map((run) => run.id))) as string[];
  if (report) report.redisCommands++;
  const jobless = candidates.filter((_, i) => ENDED_JOB.has(states[i] ?? 'unknown'));
  const ended = candidates.filter((_, i) => ENDED_JOB.has(states[i] ?? 'unknown') && states[i] !== 'unknown');
  await Promise.all(ended.map((run) => queue.remove(run.id).catch(() => 0)));
  // A queued run waiting in its workspace's ready set has no job by design (fairness.ts).
  const ready = await readyRuns(p, jobless.filter((run) => run.status === 'queued'));
  if (report) report.redisCommands += jobless.length > 0 ? 1 : 0;
  const revive = jobless.filter((run) => !ready.has(run.id));
  if (revive.length === 0) return [];
  // One statement for all of them: touched, so the next pass leaves them alone while their jobs
  // wait; running → queued. Only the runs still in the status read above (one that ended or was
  // taken meanwhile is left alone) are enqueued.
  const touched = await queryRows<UnfinishedRow>(p.db, Prisma.sql`
    UPDATE "Run" AS r SET "status" = 'queued'::"RunStatus", "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM unnest(${revive.map((r) => r.id)}::text[], ${revive.map((r) => r.workspaceId)}::text[], ${revive.map((r) => r.status)}::text[]) AS v(id, workspace_id, status)
    WHERE r."id" = v.id AND r."workspaceId" = v.workspace_id AND r."status"::text = v.status
    RETURNING r."id", r."workspaceId", v.status AS "status"`);
  if (report) report.statements++;
  const requeued = touched.filter((r) => r.status === 'running').length;
  const byWorkspace = new Map<string, string[]>();
  for (const run of touched) {
    const ids = byWorkspace.get(run.workspaceId);
    if (ids) ids.push(run.id);
    else byWorkspace.set(run.workspaceId, [run.id]);
  }
  for (const [workspaceId, ids] of byWorkspace) await enqueueRuns(p, workspaceId, ids);
  if (report) {
    report.redisCommands += byWorkspace.size + ended.length;
    report.runs.enqueued += touched.length;
    report.runs.requeued += requeued;
  }
  if (touched.length > 0) p.log.warn(`reconcile: re-enqueued ${touched.length} run(s) with no live job (${requeued} had been running)`);
  return touched.map((r) => r.id);
}

/**
 * Gives a job back to each waiting run due within WAITING_HORIZON_MS (or overdue) whose job is
 * missing or ended, delayed until its resumeAt (jobId = runId). Returns the run ids.
 */
export async function reviveWaitingRuns(p: Platform, opts: ReconcileOptions = {}, report?: ReconcileReport): Promise<string[]> {
  const now = (opts.now ?? new Date()).getTime();
  const scope = opts.workspaceIds ? [...opts.workspaceIds] : null;
  const horizon = new Date(now + WAITING_HORIZON_MS).toISOString();
  // A literal status, so the planner uses the partial index on resumeAt of waiting runs.
  const due = await p.db.$queryRaw<{ id: string; workspaceId: string; resumeAt: Date | null }[]>`
    SELECT "id", "workspaceId", "resumeAt" FROM "Run"
    WHERE "status" = 'waiting' AND ("resumeAt" < (${horizon}::timestamptz AT TIME ZONE 'UTC') OR "resumeAt" IS NULL)
      AND (${scope}::text[] IS NULL OR "workspaceId" = ANY(${scope}::text[]))
    ORDER BY "resumeAt" ASC
    LIMIT ${opts.runLimit ?? RUN_BATCH}`;
  if (report) report.statements++;
  if (due.length === 0) return [];
  const queue = p.queues.queue('run');
  const keys = STATE_KEYS.map((k) => queue.toKey(k));
  const states = (await p.queues.redis.eval(JOB_STATES, keys.length, ...keys, ...due.map((run) => run.id))) as string[];
  const revive = due.filter((_, i) => ENDED_JOB.has(states[i] ?? 'unknown'));
  const ended = due.filter((_, i) => ENDED_JOB.has(states[i] ?? 'unknown') && states[i] !== 'unknown');
  await Promise.all(ended.map((run) => queue.remove(run.id).catch(() => 0)));
  if (revive.length > 0) {
    const wallNow = Date.now();
    await enqueueMany(p.queues, 'run', revive.map((run) => ({
      data: { workspaceId: run.workspaceId, runId: run.id },
      opts: { jobId: run.id, delay: Math.max(0, (run.resumeAt?.getTime() ?? wallNow) - wallNow) },
    })));
    p.log.warn(`reconcile: gave ${revive.length} waiting run(s) their job back (it was gone)`);
  }
  if (report) {
    report.redisCommands += 1 + ended.length + (revive.length > 0 ? 1 : 0);
    report.runs.waiting += revive.length;
  }
  return revive.map((r) => r.id);
}

/**
 * Wakes each waiting caller whose called run ended more than CALLER_WAKE_GRACE_MS ago while the
 * caller's "Run konnector" step still waits on it. Read cheaply: waiting runs due within the
 * longest call timeout (the partial index on resumeAt: a caller's resumeAt is its timeout, so runs
 * waiting for days are not read), each probed for its called runs (the partial index on
 * parentRunId), then its waiting step record. Only callers not yet due are woken: wakeRun sets
 * resumeAt to the wake's time, so a caller already woken (by a pass, or by the worker's own wake
 * arriving late) is not woken twice, and one past its timeout is already its job's (or
 * reviveWaitingRuns') to run. A caller woken twice would still run its step once (the run's job id
 * is its run id, and the step reads the called run's result). Returns the caller ids.
 */
export async function wakeCallers(p: Platform, opts: ReconcileOptions = {}, report?: ReconcileReport): Promise<string[]> {
  const now = (opts.now ?? new Date()).getTime();
  const scope = opts.workspaceIds ? [...opts.workspaceIds] : null;
  const horizon = new Date(now + (MAX_CALL_TIMEOUT_SECONDS + 60) * 1000).toISOString();
  const endedBefore = new Date(now - (opts.callerWakeGraceMs ?? CALLER_WAKE_GRACE_MS)).toISOString();
  // Literal statuses, so the planner uses the partial indexes (waiting runs by resumeAt; called runs by parentRunId).
  const callers = await p.db.$queryRaw<{ id: string; workspaceId: string }[]>`
    SELECT DISTINCT w."id", w."workspaceId" FROM "Run" w
    JOIN "Run" c ON c."parentRunId" = w."id" AND c."workspaceId" = w."workspaceId"
    WHERE w."status" = 'waiting' AND w."resumeAt" > (${new Date(now).toISOString()}::timestamptz AT TIME ZONE 'UTC')
      AND w."resumeAt" < (${horizon}::timestamptz AT TIME ZONE 'UTC')
      AND c."status" IN ('succeeded', 'filtered', 'failed', 'partial', 'cancelled')
      AND c."finishedAt" < (${endedBefore}::timestamptz AT TIME ZONE 'UTC')
      AND EXISTS (SELECT 1 FROM "RunStep" s WHERE s."runId" = w."id" AND s."type" = 'call' AND s."status" = 'waiting' AND s."input"->>'runId' = c."id")
      AND (${scope}::text[] IS NULL OR w."workspaceId" = ANY(${scope}::text[]))
    LIMIT ${opts.runLimit ?? RUN_BATCH}`;
  if (report) report.statements++;
  const woken: string[] = [];
  for (const caller of callers) {
    try {
      await wakeRun(p, { workspaceId: caller.workspaceId, runId: caller.id });
      woken.push(caller.id);
    } catch (err) {
      // It stopped waiting meanwhile (its own wake, a timeout, a cancel): nothing to do.
      if (!(isAppError(err) && (err.code === 'conflict' || err.code === 'not_found'))) throw err;
    }
  }
  if (report) {
    report.statements += woken.length;
    report.runs.callers += woken.length;
  }
  if (woken.length > 0) p.log.warn(`reconcile: woke ${woken.length} caller(s) whose called run had ended (the wake was lost)`);
  return woken;
}

/** One reconciler pass (see the top of this file). */
/** A tick overdue by this much makes the next pass compare everything (a dead scheduler, or workers far behind). */
const PROBE_OVERDUE_MS = 60_000;

/**
 * What a pass can see cheaply: the generation counter (bumped by every scheduler write outside the
 * reconciler), each scheduler queue's size, overdue ticks and signature count, and a digest of the
 * active konnectors' published versions in Postgres. Read Redis first, then Postgres, as a pass does.
 */
async function probe(p: Platform, opts: ReconcileOptions, report: ReconcileReport, now: number): Promise<string> {
  const pipe = p.queues.redis.pipeline();
  pipe.get(schedulerGenerationKey(p.queues));
  for (const q of SCHEDULER_QUEUES) {
    pipe.zcard(repeatKey(p.queues, q));
    pipe.zcount(repeatKey(p.queues, q), '-inf', String(now - PROBE_OVERDUE_MS));
    pipe.hlen(signatureKey(p.queues, q));
  }
  pipe.zcard(repeatKey(p.queues, 'maintenance'));
  const results = (await pipe.exec()) ?? [];
  report.redisCommands += results.length;
  const seen = results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
  const scope = opts.workspaceIds ? [...opts.workspaceIds] : null;
  const [pg] = await queryRows<{ n: number; digest: string | null }>(p.db, Prisma.sql`
    SELECT count(*)::int AS "n", md5(string_agg("id" || ':' || "publishedVersionId", ',' ORDER BY "id")) AS "digest" FROM "Konnector"
    WHERE "status" = 'active' AND "triggerState" <> 'paused' AND "publishedVersionId" IS NOT NULL
      AND (${scope}::text[] IS NULL OR "workspaceId" = ANY(${scope}::text[]))`);
  report.statements++;
  return JSON.stringify([seen, pg?.n ?? 0, pg?.digest ?? null, scope]);
}

/** The probe of the last pass that found nothing to change (null: compare everything next time). */
const quietProbe = perOwner<Platform, { key: string | null; scheduled: number }>(() => ({ key: null, scheduled: 0 }));

export async function reconcile(p: Platform, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const started = performance.now();
  const report: ReconcileReport = {
    ms: 0,
    scheduled: 0,
    schedulers: { created: 0, updated: 0, revived: 0, removed: 0 },
    maintenance: 0,
    runs: { enqueued: 0, requeued: 0, waiting: 0, callers: 0 },
    mails: 0,
    digests: 0,
    statements: 0,
    redisCommands: 0,
  };
  // Nothing changed since a pass that found everything in place: the schedulers need no comparison.
  const quiet = quietProbe(p);
  const seen = await probe(p, opts, report, (opts.now ?? new Date()).getTime());
  if (seen === quiet.key) {
    report.scheduled = quiet.scheduled;
  } else {
    const redis = await readRedis(p, report);
    await reconcileSchedulers(p, redis.queues, opts, report);
    await reconcileMaintenance(p, redis.maintenance, report);
    const s = report.schedulers;
    const changed = s.created + s.updated + s.revived + s.removed + report.maintenance > 0;
    quiet.key = changed ? null : seen;
    quiet.scheduled = report.scheduled;
  }
  await reviveRuns(p, opts, report);
  await wakeCallers(p, opts, report);
  await reviveWaitingRuns(p, opts, report);
  report.mails = (await reviveMail(p, { ...(opts.now ? { now: opts.now } : {}), ...(opts.workspaceIds ? { workspaceIds: opts.workspaceIds } : {}), ...(opts.mailQueuedGraceMs !== undefined ? { queuedGraceMs: opts.mailQueuedGraceMs } : {}) })).length;
  report.digests = await reviveDigests(p, { ...(opts.now ? { now: opts.now } : {}), ...(opts.workspaceIds ? { workspaceIds: opts.workspaceIds } : {}) });
  report.statements++;
  report.ms = Math.round(performance.now() - started);
  const changed = report.schedulers.created + report.schedulers.updated + report.schedulers.revived + report.schedulers.removed + report.maintenance;
  if (changed > 0) {
    const s = report.schedulers;
    p.log.warn(`reconcile: schedulers created ${s.created}, updated ${s.updated}, revived ${s.revived}, removed ${s.removed}; maintenance ${report.maintenance} (${report.ms} ms)`);
  }
  return report;
}
