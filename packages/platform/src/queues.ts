/**
 * The four queues (poll, run, schedule, maintenance) on one ioredis connection, under BullMQ's
 * `prefix` (env REDIS_PREFIX; tests use one per file). `enqueue` is typed from the job catalogue
 * and validates the payload before it enters Redis.
 */
import { Queue, type JobsOptions, type RepeatOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_NAMES, jobs, parseJob, type JobInput, type JobName } from './jobs';

/** Approximate length BullMQ trims each queue's event stream to (its default is 10 000). */
export const EVENTS_MAX_LEN = 1000;

export type AnyQueue = Queue<unknown, unknown, string>;

export interface Queues {
  readonly prefix: string;
  /** The shared connection (also used for the platform's own keys: limits, leases). */
  readonly redis: Redis;
  queue(name: JobName): AnyQueue;
  close(): Promise<void>;
}

/** A connection suited to BullMQ (its blocking commands must not give up after N retries). */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

export function createQueues(redis: Redis, prefix: string): Queues {
  const byName = new Map<JobName, AnyQueue>();
  for (const name of JOB_NAMES) {
    const spec = jobs[name];
    byName.set(
      name,
      new Queue<unknown, unknown, string>(name, {
        connection: redis,
        prefix,
        // Nothing here reads BullMQ's event stream (no QueueEvents): keep it short, not 10 000 entries.
        streams: { events: { maxLen: EVENTS_MAX_LEN } },
        defaultJobOptions: {
          attempts: spec.attempts,
          backoff: spec.backoff,
          removeOnComplete: spec.keepCompleted === 0 ? true : { count: spec.keepCompleted },
          removeOnFail: { count: spec.keepFailed },
        },
      }),
    );
  }
  return {
    prefix,
    redis,
    queue(name) {
      const queue = byName.get(name);
      if (!queue) throw new Error(`unknown queue "${name}"`);
      return queue;
    },
    async close() {
      await Promise.all([...byName.values()].map((q) => q.close()));
    },
  };
}

export interface EnqueueOptions {
  /** Idempotent enqueue: a job with this id that still exists is not added again. */
  jobId?: string;
  delay?: number;
  priority?: number;
}

/** Adds one job; the payload is checked against the catalogue's schema first. */
export async function enqueue<N extends JobName>(queues: Queues, name: N, data: JobInput<N>, opts: EnqueueOptions = {}): Promise<string> {
  const payload = parseJob(name, data);
  const job = await queues.queue(name).add(name, payload, jobOptions(opts));
  return job.id ?? '';
}

/** Adds many jobs of one kind in one round trip. */
export async function enqueueMany<N extends JobName>(
  queues: Queues,
  name: N,
  items: { data: JobInput<N>; opts?: EnqueueOptions }[],
): Promise<void> {
  if (items.length === 0) return;
  await queues.queue(name).addBulk(items.map((item) => ({ name, data: parseJob(name, item.data), opts: jobOptions(item.opts ?? {}) })));
}

function jobOptions(opts: EnqueueOptions): JobsOptions {
  return {
    ...(opts.jobId !== undefined ? { jobId: opts.jobId } : {}),
    ...(opts.delay !== undefined && opts.delay > 0 ? { delay: Math.round(opts.delay) } : {}),
    ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
  };
}

export type Repeat = Pick<RepeatOptions, 'every' | 'pattern' | 'tz' | 'immediately' | 'startDate'>;

/** Creates or replaces a BullMQ job scheduler that adds a `name` job on every tick. */
export async function upsertScheduler<N extends JobName>(
  queues: Queues,
  name: N,
  schedulerId: string,
  repeat: Repeat,
  data: JobInput<N>,
): Promise<void> {
  await queues.queue(name).upsertJobScheduler(schedulerId, repeat, { name, data: parseJob(name, data) });
}

export async function removeScheduler(queues: Queues, name: JobName, schedulerId: string): Promise<boolean> {
  return queues.queue(name).removeJobScheduler(schedulerId);
}

/** The platform's own Redis keys live under the same prefix as BullMQ's. */
export function redisKey(queues: Pick<Queues, 'prefix'>, ...parts: string[]): string {
  return [queues.prefix, 'konnect', ...parts].join(':');
}
