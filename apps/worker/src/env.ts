/** The worker's environment, parsed once at start-up; a bad variable stops it with a message naming it. */
import { z } from 'zod';
import { baseEnvShape, parseEnv } from '@konnect/db';

const count = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const workerEnvShape = {
  ...baseEnvShape,
  /** Run jobs executing at once in this process. */
  WORKER_CONCURRENCY: count(1, 500, 50),
  POLL_CONCURRENCY: count(1, 500, 10),
  SCHEDULE_CONCURRENCY: count(1, 100, 5),
  /** Runs executing at once per workspace, across every worker process. */
  WORKSPACE_CONCURRENCY: count(1, 1000, 10),
  /** Calls per second (and burst) per connection. */
  CONNECTION_RATE_PER_SEC: z.coerce.number().positive().max(10_000).default(10),
  CONNECTION_RATE_BURST: count(1, 10_000, 20),
  RUN_RETENTION_DAYS: count(1, 3650, 30),
  /** How long SIGTERM waits for in-flight jobs before releasing them to other workers. */
  SHUTDOWN_TIMEOUT_MS: count(0, 600_000, 20_000),
  /** Job lock (renewed at half of it) and stall check: a killed worker's jobs come back within ~lock + interval. */
  WORKER_LOCK_MS: count(1000, 600_000, 5000),
  WORKER_STALLED_INTERVAL_MS: count(500, 600_000, 2000),
  DB_POOL_SIZE: count(1, 200, 20),
  /**
   * Limits this worker's reconciler to these workspaces (comma-separated ids). Only for tests whose
   * workers share one database under different Redis prefixes; production leaves it empty.
   */
  RECONCILE_WORKSPACE_IDS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** The local Custify simulator: its host is allowed for outbound calls. */
  CUSTIFY_SIM_URL: z.url().optional(),
};

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(workerEnvShape, source);
}
