/**
 * Per-workspace concurrency without churn. A workspace has at most `workspaceConcurrency` runs
 * admitted at once: a Redis sorted set of leases held by run id (a resumed run re-takes its own
 * slot; a lease that is not renewed expires, so a killed worker's slots come back). Admission
 * happens before a job enters the run queue, so a job a worker takes has a slot waiting for it and
 * no job goes round through Redis waiting for one:
 *
 * - enqueueing runs (admitRuns) gives each one a slot while its workspace has one free and no run
 *   is ready before it, and adds only their jobs; the rest wait in the workspace's ready set (FIFO,
 *   no job), costing nothing until a slot frees;
 * - a run that ends, waits (a Delay) or is deferred hands its slot to the next ready run of its
 *   workspace (releaseSlot), whose job is added then;
 * - a job that meets a full workspace anyway (a Delay or a deferral coming back, a job added
 *   without admission by the reconciler, a reservation whose lease ran out in a long queue) is
 *   parked: its job goes to delayed for PARKED_RECHECK_MS (a safety net only) and its run joins the
 *   ready set, where its turn promotes the job;
 * - every worker pumps the ready sets every PUMP_EVERY_MS, so slots that came back by lease expiry
 *   (a killed worker, an admitter that died before adding the job) are handed on;
 * - a run handed on is noted in a handing set until its job is added: when the process handing it
 *   on dies in between, a pump hands it on again after HANDING_STALE_MS (adding is idempotent).
 *
 * So a worker's concurrency and the workspace limit cannot disagree: spare worker concurrency takes
 * other workspaces' jobs instead of spinning on a full one, and N workers share one set of slots.
 * Postgres stays the truth: after Redis loses all this, the reconciler admits every queued run that
 * has neither a job nor a place in a ready set again (reconcile.ts).
 */
import type { Platform } from './platform';
import { enqueueMany, redisKey } from './queues';
import { runScriptOn, semaphore, type Semaphore } from './limits';
import { errorMessage } from './errors';
import { isInfrastructureError } from './infrastructure';
import { runJobNow } from './run-job';
import { takeHere } from './run-here';

/** How long a parked job sleeps if its turn never promotes it (a lost wake-up). */
export const PARKED_RECHECK_MS = 60_000;
/** How often each worker hands slots that came back by lease expiry to ready runs. */
export const PUMP_EVERY_MS = 1000;
/** Ready runs handed on per workspace per pump or release (a limit raised at once is served over a few pumps). */
const PUMP_MAX = 500;
/** A run handed on whose job is still not added after this long is handed on again by a pump. */
export const HANDING_STALE_MS = 10_000;
/** How long waking a parked job waits for it to finish parking (active → delayed) before giving up on it. */

const slotsKey = (p: Platform, workspaceId: string) => redisKey(p.queues, 'slots', 'ws', workspaceId);
/** A workspace's ready runs: members `n:<runId>` (no job yet) and `j:<runId>` (a parked job), scored by arrival. */
export const readyKey = (p: Pick<Platform, 'queues'>, workspaceId: string) => redisKey(p.queues, 'ready', 'ws', workspaceId);
/** The workspaces that have ready runs. */
const indexKey = (p: Platform) => redisKey(p.queues, 'ready', 'workspaces');
/** Runs handed on whose job is not added yet: members `<workspaceId> <ready member>`, scored by when. */
const handingKey = (p: Platform) => redisKey(p.queues, 'ready', 'handing');
const keysOf = (p: Platform, workspaceId: string) => [slotsKey(p, workspaceId), readyKey(p, workspaceId), indexKey(p), handingKey(p)];

/** The workspace's slots as a plain semaphore (tests hold one from outside; counts). */
export function workspaceSlots(p: Platform, workspaceId: string): Semaphore {
  return semaphore(p.queues.redis, slotsKey(p, workspaceId), p.limits.workspaceConcurrency, p.limits.workspaceLeaseMs);
}

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: slots, ready, index. ARGV: limit, lease, workspace id, run ids. A run that already holds a
 * slot is admitted again (its job is added again, a no-op when it exists); one already ready stays
 * where it is; the others take free slots while none is ready ahead of them, else become ready.
 */
const ADMIT = `${NOW}
local limit, lease = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local held = redis.call('ZCARD', KEYS[1])
local queued = redis.call('ZCARD', KEYS[2])
local admitted, taken = {}, 0
for i = 4, #ARGV do
  local id = ARGV[i]
  if redis.call('ZSCORE', KEYS[1], id) then
    admitted[#admitted + 1] = id
  elseif queued > 0 and (redis.call('ZSCORE', KEYS[2], 'n:' .. id) or redis.call('ZSCORE', KEYS[2], 'j:' .. id)) then
  elseif queued == 0 and held < limit then
    redis.call('ZADD', KEYS[1], now + lease, id)
    held = held + 1
    taken = taken + 1
    admitted[#admitted + 1] = id
  else
    redis.call('ZADD', KEYS[2], 'NX', now, 'n:' .. id)
    queued = queued + 1
  end
end
if taken > 0 then redis.call('PEXPIRE', KEYS[1], lease * 2) end
if queued > 0 then redis.call('SADD', KEYS[3], ARGV[3]) end
return admitted`;

/**
 * KEYS: slots, ready, index. ARGV: limit, lease, workspace id, holder. Takes (or renews) the
 * holder's slot: 1. At the limit the holder's job is parked: it joins the ready set, 0. This
 * process's limit decides: a slot reserved under a higher limit (another process configured
 * otherwise) is given up when the workspace holds more than this limit.
 */
const ACQUIRE = `${NOW}
local limit, lease = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local mine = redis.call('ZSCORE', KEYS[1], ARGV[4])
local held = redis.call('ZCARD', KEYS[1])
if (mine and held <= limit) or (not mine and held < limit) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], lease * 2)
  if redis.call('ZCARD', KEYS[2]) > 0 then redis.call('ZREM', KEYS[2], 'n:' .. ARGV[4], 'j:' .. ARGV[4]) end
  return 1
end
if mine then redis.call('ZREM', KEYS[1], ARGV[4]) end
redis.call('ZADD', KEYS[2], 'NX', now, 'j:' .. ARGV[4])
redis.call('SADD', KEYS[3], ARGV[3])
return 0`;

/**
 * KEYS: slots, ready, index, handing. ARGV: limit, lease, workspace id, holder ('' for none), most
 * to hand on. Releases the holder's slot, then gives free slots to the oldest ready runs (their
 * members returned, and noted as handing until their jobs are added); a workspace left with none
 * ready leaves the index.
 */
const HAND_ON = `if ARGV[4] ~= '' then redis.call('ZREM', KEYS[1], ARGV[4]) end
if redis.call('ZCARD', KEYS[2]) == 0 then
  if ARGV[4] == '' then redis.call('SREM', KEYS[3], ARGV[3]) end
  return {}
end
${NOW}
local limit, lease = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local free = math.min(limit - redis.call('ZCARD', KEYS[1]), tonumber(ARGV[5]))
if free <= 0 then return {} end
local next = redis.call('ZRANGE', KEYS[2], 0, free - 1)
for _, member in ipairs(next) do
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZADD', KEYS[1], now + lease, string.sub(member, 3))
  redis.call('ZADD', KEYS[4], now, ARGV[3] .. ' ' .. member)
end
redis.call('PEXPIRE', KEYS[1], lease * 2)
if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('SREM', KEYS[3], ARGV[3]) end
return next`;

const limitArgs = (p: Platform, workspaceId: string) => [String(p.limits.workspaceConcurrency), String(p.limits.workspaceLeaseMs), workspaceId];

const runJob = (workspaceId: string, runId: string) => ({ data: { workspaceId, runId }, opts: { jobId: runId } });

/**
 * Gives the runs (of one workspace) slots as far as the workspace has them free, and returns the
 * jobs to add for the admitted ones; the rest become ready (see the top of this file).
 */
export async function admitRuns(p: Platform, workspaceId: string, runIds: readonly string[]): Promise<{ data: { workspaceId: string; runId: string }; opts: { jobId: string } }[]> {
  if (runIds.length === 0) return [];
  const admitted = (await runScriptOn(p.queues.redis, ADMIT, keysOf(p, workspaceId), [...limitArgs(p, workspaceId), ...runIds])) as string[];
  return admitted.map((runId) => runJob(workspaceId, runId));
}

/**
 * Makes a parked job run now: promote it when delayed; when it is still being parked (active),
 * wait for that; when it is gone or ended, add it again (a finished run's job finds it final).
 */
async function wakeParked(p: Platform, workspaceId: string, runId: string): Promise<void> {
  await runJobNow(p, runId, () => enqueueMany(p.queues, 'run', [runJob(workspaceId, runId)]));
}

/**
 * Adds the jobs of ready runs that were just given a slot (members of the ready set), then clears
 * their handing note. A process that executes runs itself (the ingress, run-here.ts) takes the
 * fresh ones it has room for instead of adding their jobs.
 */
async function dispatch(p: Platform, workspaceId: string, members: readonly string[]): Promise<void> {
  if (members.length === 0) return;
  const fresh = members
    .filter((m) => m.startsWith('n:') && !(p.runsHere && takeHere(p, workspaceId, m.slice(2))))
    .map((m) => runJob(workspaceId, m.slice(2)));
  if (fresh.length > 0) await enqueueMany(p.queues, 'run', fresh);
  await Promise.all(members.filter((m) => m.startsWith('j:')).map((m) => wakeParked(p, workspaceId, m.slice(2))));
  await p.queues.redis.zrem(handingKey(p), ...members.map((m) => `${workspaceId} ${m}`));
}

/** Hands on again the runs whose handing process died before adding their jobs (adding twice is harmless). */
async function redispatchStale(p: Platform): Promise<number> {
  const stale = await p.queues.redis.zrangebyscore(handingKey(p), '-inf', String(Date.now() - HANDING_STALE_MS), 'LIMIT', 0, PUMP_MAX);
  const byWorkspace = new Map<string, string[]>();
  for (const entry of stale) {
    const [workspaceId = '', member = ''] = entry.split(' ');
    byWorkspace.set(workspaceId, [...(byWorkspace.get(workspaceId) ?? []), member]);
  }
  for (const [workspaceId, members] of byWorkspace) await dispatch(p, workspaceId, members);
  if (stale.length > 0) p.log.warn(`ready-run pump: handed on ${stale.length} run(s) again whose job was not added (the process handing them on stopped)`);
  return stale.length;
}

async function handOn(p: Platform, workspaceId: string, holder: string): Promise<void> {
  const next = (await runScriptOn(p.queues.redis, HAND_ON, keysOf(p, workspaceId), [...limitArgs(p, workspaceId), holder, String(PUMP_MAX)])) as string[];
  await dispatch(p, workspaceId, next);
}

/**
 * Releases a run's slot and hands it to the workspace's next ready run. A failure is logged, not
 * thrown: the lease expires and the pump (or the reconciler, after Redis loss) hands the slot on.
 */
export async function releaseSlot(p: Platform, workspaceId: string, holder: string): Promise<void> {
  try {
    await handOn(p, workspaceId, holder);
  } catch (err) {
    p.log.warn(`workspace slot of run ${holder} not handed on (its lease expires): ${errorMessage(err)}`);
  }
}

/**
 * Holds the run's slot while `work` runs, renewing its lease, then hands it on; null when the
 * workspace is at its limit (the run joined the ready set: the caller parks its job).
 */
export async function withWorkspaceSlot<T>(p: Platform, workspaceId: string, holder: string, work: () => Promise<T>, opts: { held?: boolean } = {}): Promise<{ value: T } | null> {
  // `held`: the slot was given to this run a moment ago (admitted or handed on to it, in this
  // process), so taking it again would only renew a fresh lease.
  const taken = opts.held === true || (await runScriptOn(p.queues.redis, ACQUIRE, keysOf(p, workspaceId), [...limitArgs(p, workspaceId), holder])) === 1;
  if (!taken) return null;
  const slots = workspaceSlots(p, workspaceId);
  const timer = setInterval(() => {
    slots.renew(holder).catch((err: unknown) => p.log.warn(`workspace slot renewal failed: ${errorMessage(err)}`));
  }, Math.max(100, Math.floor(p.limits.workspaceLeaseMs / 3)));
  timer.unref();
  try {
    return { value: await work() };
  } finally {
    clearInterval(timer);
    await releaseSlot(p, workspaceId, holder);
  }
}

/** One pump: every workspace with ready runs hands its free slots on. Returns the runs handed on. */
export async function pumpReady(p: Platform): Promise<number> {
  const workspaces = await p.queues.redis.smembers(indexKey(p));
  let handed = await redispatchStale(p);
  for (const workspaceId of workspaces) {
    const next = (await runScriptOn(p.queues.redis, HAND_ON, keysOf(p, workspaceId), [...limitArgs(p, workspaceId), '', String(PUMP_MAX)])) as string[];
    handed += next.length;
    await dispatch(p, workspaceId, next);
  }
  return handed;
}

/** Pumps every PUMP_EVERY_MS until stopped (workers.ts runs one per worker process). */
export function startReadyPump(p: Platform, everyMs = PUMP_EVERY_MS): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = pumpReady(p)
      .catch((err: unknown) => {
        if (isInfrastructureError(err)) p.deps.down('redis', err);
        else p.log.warn(`ready-run pump: ${errorMessage(err)}`);
      })
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Which of these queued runs wait in their workspace's ready set (no job, by design): the
 * reconciler must not enqueue them again. One pipelined round trip.
 */
export async function readyRuns(p: Pick<Platform, 'queues'>, runs: readonly { id: string; workspaceId: string }[]): Promise<Set<string>> {
  if (runs.length === 0) return new Set();
  const pipe = p.queues.redis.pipeline();
  for (const run of runs) pipe.zmscore(readyKey(p, run.workspaceId), `n:${run.id}`, `j:${run.id}`);
  const results = (await pipe.exec()) ?? [];
  const ready = new Set<string>();
  results.forEach(([err, scores], i) => {
    if (err) throw err;
    if ((scores as (string | null)[]).some((s) => s !== null)) ready.add(runs[i]?.id ?? '');
  });
  return ready;
}
