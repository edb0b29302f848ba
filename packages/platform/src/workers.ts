/**
 * BullMQ Workers for the five queues (poll, run, schedule, maintenance, mail), in one process. Lock and stall settings are tuned so a
 * `kill -9`ed worker's jobs are picked up again within ~8 s (lock 5 s renewed every 2.5 s; stall
 * check every 2 s), instead of BullMQ's ~60 s default. A run resumes after its last recorded step,
 * so a run job may stall many times without harm. `close()` lets in-flight jobs finish up to a
 * deadline, then releases them (their locks lapse and another worker takes them).
 */
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { StepError } from '@konnect/schemas';
import { errorMessage } from './errors';
import { InvalidJobError, jobBackoffDelay, MAIL_BACKOFF_MAX_MS, parseJob, type JobName } from './jobs';
import { processMail } from './mail-send';
import { runsInFlight } from './heartbeat';
import { dependencyOf, isInfrastructureError } from './infrastructure';
import { purgeExpiredStoreEntries } from './data-store';
import { DEFAULT_ACCOUNT_EVENT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, deleteOldAccountEvents, deleteOldAuditEvents, deleteOldRuns } from './maintenance';
import type { Platform } from './platform';
import { processPoll } from './poll';
import { processRun } from './run';
import { startReadyPump } from './fairness';
import { noteAlert } from './alert-enqueue';
import { mailThroughQueue, type AlertContext } from './alert-dispatch';
import { processAlert } from './alerts';
import { finishRun } from './run-claim';
import { processSchedule, scheduledTime } from './schedule';

export interface WorkerSettings {
  concurrency: Record<JobName, number>;
  /** How long a job's lock lasts without renewal. */
  lockDurationMs: number;
  /** How often live workers look for jobs whose lock lapsed. */
  stalledIntervalMs: number;
  /** Times a run job may be picked up again after a crash before BullMQ gives up on it. */
  maxStalledCount: number;
  retentionDays: number;
  /** Account events (the users' security logs) are kept this long. */
  accountEventRetentionDays: number;
  /** First wait before a mail's retry (doubling, at most MAIL_BACKOFF_MAX_MS); tests shorten it. */
  mailRetryDelayMs?: number;
}

export const DEFAULT_WORKER_SETTINGS: WorkerSettings = {
  // Run jobs per process: twice the per-workspace limit (DEFAULT_LIMITS.workspaceConcurrency, 10),
  // so a second workspace still runs beside one at its limit; 20 also matches the default database
  // pool (DB_POOL_SIZE). The two cannot disagree: only runs admitted under their workspace's limit
  // have a job (fairness.ts), so spare concurrency serves other workspaces and never takes a job
  // that must go back. Raise it with WORKER_CONCURRENCY when many workspaces are busy at once.
  concurrency: { poll: 10, run: 20, schedule: 5, alert: 5, maintenance: 1, mail: 5 },
  lockDurationMs: 5000,
  stalledIntervalMs: 2000,
  maxStalledCount: 50,
  retentionDays: DEFAULT_RETENTION_DAYS,
  accountEventRetentionDays: DEFAULT_ACCOUNT_EVENT_RETENTION_DAYS,
};

/** How long `close()` waits for in-flight jobs before releasing them to other workers. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 20_000;

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs; waits for in-flight ones up to `deadlineMs`, then releases them. */
  close(deadlineMs?: number): Promise<{ finished: boolean }>;
}

function parseOrGiveUp<N extends JobName>(name: N, data: unknown) {
  try {
    return parseJob(name, data);
  } catch (err) {
    if (err instanceof InvalidJobError) throw new UnrecoverableError(err.message);
    throw err;
  }
}

/** The base delay of a job's backoff option (BullMQ also takes a bare number). */
function delayOf(backoff: number | { delay?: number } | undefined): number | undefined {
  return typeof backoff === 'number' ? backoff : backoff?.delay;
}

async function putBack(job: Job, token: string | undefined, delayMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(0, Math.round(delayMs)), token);
  throw new DelayedError();
}

/** Wait before a run that met an unreachable Postgres tries again (plus up to as much jitter). */
const INFRASTRUCTURE_RETRY_MS = 2000;

function runProcessor(p: Platform) {
  return async (job: Job, token?: string) => {
    const data = parseOrGiveUp('run', job.data);
    const running = runsInFlight(p);
    let outcome;
    running.add(data.runId);
    const started = Date.now();
    try {
      outcome = await processRun(p, data, { maybeRunning: job.attemptsMade > 0 || (job.stalledCounter ?? 0) > 0 });
      p.deps.up('postgres', started);
    } catch (err) {
      if (isInfrastructureError(err)) {
        // Postgres (or Redis) is away: the run stays queued/running and tries again; not an attempt.
        p.deps.down(dependencyOf(err), err, started);
        return putBack(job, token, INFRASTRUCTURE_RETRY_MS + Math.floor(Math.random() * INFRASTRUCTURE_RETRY_MS));
      }
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      p.log.error(`run ${data.runId}: attempt ${job.attemptsMade + 1} failed: ${errorMessage(err)}`);
      if (!lastAttempt) throw err;
      const error: StepError = { kind: 'engine', message: `The run could not be executed: ${errorMessage(err)}`, stepId: '', retryable: false };
      await finishRun(p.db, { id: data.runId, workspaceId: data.workspaceId }, 'failed', { summary: error.message, error, tasks: 0, fieldLimitBytes: p.limits.fieldLimitBytes });
      noteAlert(p, { type: 'run_failed', workspaceId: data.workspaceId, runId: data.runId }, { jobId: `fail-${data.runId}` });
      return { status: 'failed' };
    } finally {
      running.delete(data.runId);
    }
    if (outcome.status === 'deferred') {
      await job.updateData({ ...data, deferrals: outcome.deferrals });
      return putBack(job, token, outcome.delayMs);
    }
    if (outcome.status === 'parked') return putBack(job, token, outcome.recheckMs);
    if (outcome.status === 'waiting') return putBack(job, token, outcome.resumeAt - Date.now());
    return outcome;
  };
}

/**
 * BullMQ's complaints about a job whose Redis record or lock is gone while a worker holds it: Redis
 * restarted empty (or failed over), or the job stalled and was taken over. Nothing is lost with
 * it, Postgres keeps the truth (a run finishes, or the reconciler puts it back; a poll or fire
 * comes again at its next tick), so they are summed up in one line per burst instead of up to
 * three error lines per job in flight (lock renewal, moveToFinished, moveToDelayed).
 */
const LOST_JOB = /^(missing (key|lock) for job|could not renew lock for job|lock mismatch for job)\s+([^\s.]+)/i;
const LOST_JOB_SUMMARY_MS = 10_000;

function lostJobReporter(p: Platform) {
  let jobs = new Set<string>();
  let example = '';
  let timer: NodeJS.Timeout | undefined;
  const report = () => {
    clearTimeout(timer);
    timer = undefined;
    if (jobs.size === 0) return;
    p.log.warn(
      `workers: ${jobs.size} job(s) lost their Redis record while in flight (e.g. "${example}"): Redis restarted empty, or the job was taken over after a stall; ` +
        'Postgres keeps the work (a run finishes or the reconciler re-enqueues it, a poll or fire comes at its next tick)',
    );
    jobs = new Set();
  };
  return {
    /** True when `err` is such a complaint (noted, reported within LOST_JOB_SUMMARY_MS). */
    note(name: JobName, err: Error): boolean {
      const match = LOST_JOB.exec(err.message);
      if (!match) return false;
      if (jobs.size === 0) example = `${name}: ${err.message}`;
      jobs.add(`${name}:${match[3] ?? ''}`);
      if (!timer) {
        timer = setTimeout(report, LOST_JOB_SUMMARY_MS);
        timer.unref();
      }
      return true;
    },
    flush: report,
  };
}

/** A mail job: sent, failed for good (the row says so; the job ends), or thrown for BullMQ to retry. */
function mailProcessor(p: Platform) {
  return async (job: Job) => {
    const data = parseOrGiveUp('mail', job.data);
    const outcome = await processMail(p, data, { lastJobAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
    if (outcome.status === 'retry') throw new Error(outcome.error);
    return outcome.status === 'sent' ? { status: 'sent' } : outcome;
  };
}

/**
 * What the worker's alert processor takes from outside the platform: the web app's address for
 * absolute links (apps/worker/src/main.ts passes APP_URL / NEXTAUTH_URL); tests may also replace
 * how alert emails are sent (by default the mail queue).
 */
export interface WorkerDeps {
  alerts?: Partial<AlertContext>;
}

const DEFAULT_APP_URL = 'http://localhost:3000';

function processors(p: Platform, settings: WorkerSettings, deps: WorkerDeps): Record<JobName, (job: Job, token?: string) => Promise<unknown>> {
  const alerts: AlertContext = { sendMail: mailThroughQueue(p), appUrl: DEFAULT_APP_URL, ...deps.alerts };
  return {
    alert: (job) => processAlert(p, alerts, parseOrGiveUp('alert', job.data), job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
    poll: (job) => processPoll(p, parseOrGiveUp('poll', job.data)),
    run: runProcessor(p),
    schedule: (job) => processSchedule(p, parseOrGiveUp('schedule', job.data), scheduledTime(job)),
    maintenance: async (job) => {
      const { task } = parseOrGiveUp('maintenance', job.data);
      const runs = await deleteOldRuns(p, { days: settings.retentionDays });
      const deleted = { runs: runs.deleted, droppedPartitions: runs.dropped, keptUnfinished: runs.kept, createdPartitions: runs.created };
      const auditEvents = await deleteOldAuditEvents(p);
      const accountEvents = await deleteOldAccountEvents(p, { days: settings.accountEventRetentionDays });
      const storeEntries = await purgeExpiredStoreEntries(p.db);
      return { task, deleted, auditEvents, accountEvents, storeEntries };
    },
    mail: mailProcessor(p),
  };
}

/** Settings to change; queues left out of `concurrency` keep the default. */
export type WorkerOverrides = Partial<Omit<WorkerSettings, 'concurrency'>> & { concurrency?: Partial<WorkerSettings['concurrency']> };

export function startWorkers(p: Platform, overrides: WorkerOverrides = {}, deps: WorkerDeps = {}): RunningWorkers {
  const settings: WorkerSettings = {
    ...DEFAULT_WORKER_SETTINGS,
    ...overrides,
    concurrency: { ...DEFAULT_WORKER_SETTINGS.concurrency, ...overrides.concurrency },
  };
  const byName = processors(p, settings, deps);
  const lostJobs = lostJobReporter(p);
  // Slots that came back by lease expiry (a killed worker) go to the workspaces' ready runs.
  const pump = startReadyPump(p);
  const workers = (Object.keys(byName) as JobName[]).map((name) => {
    const worker = new Worker<unknown, unknown, string>(name, byName[name], {
      connection: p.queues.redis,
      prefix: p.queues.prefix,
      concurrency: settings.concurrency[name],
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: name === 'run' ? settings.maxStalledCount : 1,
      settings: {
        backoffStrategy: (attemptsMade, type, _err, job) =>
          name === 'mail'
            ? jobBackoffDelay(attemptsMade, type, settings.mailRetryDelayMs ?? delayOf(job?.opts.backoff), MAIL_BACKOFF_MAX_MS)
            : jobBackoffDelay(attemptsMade, type, delayOf(job?.opts.backoff)),
      },
    });
    worker.on('failed', (job, err) => {
      if (!job || name === 'run') return;
      if (isInfrastructureError(err)) p.deps.down(dependencyOf(err), err);
      else p.log.warn(`${name} job ${job.id ?? ''} failed: ${err.message}`);
    });
    // A lost Redis makes every worker connection fail many times a second: one line per outage.
    worker.on('error', (err) => {
      if (isInfrastructureError(err)) p.deps.down('redis', err);
      else if (!lostJobs.note(name, err)) p.log.error(`${name} worker: ${err.message}`);
    });
    return worker;
  });

  return {
    workers,
    async close(deadlineMs = DEFAULT_SHUTDOWN_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      await pump.stop();
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => true);
      const deadline = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
      });
      const finished = await Promise.race([graceful, deadline]);
      clearTimeout(timer);
      if (!finished) await Promise.all(workers.map((w) => w.close(true)));
      lostJobs.flush();
      return { finished };
    },
  };
}
