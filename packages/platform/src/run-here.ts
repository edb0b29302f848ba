/**
 * Runs executed where their hook call was taken. A process that takes hook calls (the ingress,
 * `runsHere` > 0) executes up to that many of their runs itself instead of handing each to the run
 * queue. Such a run is admitted like any other (its workspace's slot, fairness.ts), then claimed and
 * executed by the code a worker's job runs (processRun), so its records, answer and alerts are the
 * same. What it saves is the queue: adding, taking, locking and finishing a job (about 60 Redis
 * commands and two process hops per run, bench/worker-path.ts), and for Respond to Hook the trip of
 * the answer through Redis pub/sub (hook-respond.ts delivers it to the waiting call in-process).
 *
 * What does not end here goes to the queue as any run does. A run that waits (a Delay, a
 * sub-konnector call), is deferred (an app asked to wait), finds its workspace full after all
 * (parked) or meets an error gets its job, delayed as a worker would have put it back, and a
 * worker takes it from there. Runs beyond `runsHere` get their job at once. So the process's
 * concurrency is bounded and a burst spills over to the workers. Under a backlog, the slot a run
 * here frees goes to its workspace's next ready run as always (fairness.ts), and that run is
 * executed here too while there is room: the runs of the calls a process takes keep flowing through
 * it, and the workers take what it has no room for.
 *
 * Never silent: the runs executing here are touched in Postgres every HEARTBEAT_MS like a worker's
 * (heartbeat.ts touchRunsInFlight). If this process dies with runs in flight, the reconciler finds
 * them stale after RUNNING_STALE_MS and enqueues them again; they resume after their last recorded
 * step. `drainRunsHere` lets them finish at shutdown (up to a deadline).
 */
import { errorMessage } from './errors';
import { HEARTBEAT_MS, runsInFlight, touchRunsInFlight } from './heartbeat';
import { isInfrastructureError, dependencyOf } from './infrastructure';
import { perOwner } from './per-owner';
import type { Platform } from './platform';
import { enqueueMany } from './queues';
import { processRun, type RunOutcome } from './run';

interface Here {
  running: Map<string, Promise<void>>;
  beat: NodeJS.Timeout | null;
  closed: boolean;
}

const hereOf = perOwner<Platform, Here>(() => ({ running: new Map(), beat: null, closed: false }));

/** How many more runs this process may start here now (0 when it runs none, or is closing). */
export function roomHere(p: Platform): number {
  const here = hereOf(p);
  return here.closed ? 0 : Math.max(0, (p.runsHere ?? 0) - here.running.size);
}

/** Runs executing in this process now (tests, /healthz). */
export function runningHere(p: Platform): number {
  return hereOf(p).running.size;
}

/** Wait before a run that failed here is taken by a worker (plus up to as much jitter), as workers.ts retries. */
const RETRY_MS = 1000;

/** The job a worker takes the run up with, delayed by `delayMs`. */
async function toQueue(p: Platform, workspaceId: string, runId: string, delayMs: number, deferrals = 0): Promise<void> {
  await enqueueMany(p.queues, 'run', [{ data: { workspaceId, runId, deferrals }, opts: { jobId: runId, delay: Math.max(0, Math.round(delayMs)) } }]);
}

/** What a worker's job would do with this outcome next: nothing when the run ended, else its job, delayed. */
async function afterOutcome(p: Platform, workspaceId: string, runId: string, outcome: RunOutcome): Promise<void> {
  if (outcome.status === 'deferred') return toQueue(p, workspaceId, runId, outcome.delayMs, outcome.deferrals);
  if (outcome.status === 'parked') return toQueue(p, workspaceId, runId, outcome.recheckMs);
  if (outcome.status === 'waiting') return toQueue(p, workspaceId, runId, outcome.resumeAt - Date.now());
}

async function execute(p: Platform, workspaceId: string, runId: string): Promise<void> {
  const started = Date.now();
  let outcome: RunOutcome;
  try {
    // Taken here right after its slot was given (admitted, or handed on by a release): held.
    outcome = await processRun(p, { workspaceId, runId, deferrals: 0 }, { maybeRunning: false, slotHeld: true });
    p.deps.up('postgres', started);
  } catch (err) {
    // A worker takes it up (the run resumes after its recorded steps; its job's attempts count from here).
    if (isInfrastructureError(err)) p.deps.down(dependencyOf(err), err, started);
    else p.log.warn(`run ${runId}: failed where its hook was taken (${errorMessage(err)}); a worker takes it up`);
    outcome = { status: 'parked', recheckMs: RETRY_MS + Math.floor(Math.random() * RETRY_MS) };
  }
  try {
    await afterOutcome(p, workspaceId, runId, outcome);
  } catch (err) {
    // No job: the run row is the record, and the reconciler enqueues it (queued or stale running, reconcile.ts).
    p.log.warn(`run ${runId}: its job could not be added (${errorMessage(err)}); the reconciler enqueues it`);
  }
}

function ensureBeat(p: Platform, here: Here): void {
  if (here.beat) return;
  here.beat = setInterval(() => void touchRunsInFlight(p), HEARTBEAT_MS);
  here.beat.unref();
}

/** Starts executing an admitted run in this process (the caller checked roomHere). */
export function runHere(p: Platform, workspaceId: string, runId: string): void {
  const here = hereOf(p);
  const inFlight = runsInFlight(p);
  inFlight.add(runId);
  ensureBeat(p, here);
  const done = execute(p, workspaceId, runId).finally(() => {
    here.running.delete(runId);
    inFlight.delete(runId);
    if (here.running.size === 0 && here.beat) {
      clearInterval(here.beat);
      here.beat = null;
    }
  });
  here.running.set(runId, done);
}

/**
 * Executes the admitted run here when this process has room (hook calls it took, and ready runs its
 * released slots are handed to, fairness.ts); false: the caller adds its job as usual.
 */
export function takeHere(p: Platform, workspaceId: string, runId: string): boolean {
  if (roomHere(p) <= 0) return false;
  runHere(p, workspaceId, runId);
  return true;
}

/**
 * Stops starting runs here and waits for those in flight up to `deadlineMs`. Runs still going at
 * the deadline are left to the reconciler (they resume elsewhere once stale, RUNNING_STALE_MS).
 */
export async function drainRunsHere(p: Platform, deadlineMs: number): Promise<{ finished: boolean; left: number }> {
  const here = hereOf(p);
  here.closed = true;
  if (here.running.size === 0) return { finished: true, left: 0 };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), deadlineMs)));
  const first = await Promise.race([Promise.allSettled([...here.running.values()]).then(() => 'done' as const), deadline]);
  clearTimeout(timer);
  return { finished: first === 'done', left: here.running.size };
}
