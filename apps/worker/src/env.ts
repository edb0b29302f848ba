/** The worker's environment, parsed once at start-up; a bad variable stops it with a message naming it. */
import { z } from 'zod';
import { baseEnvShape, parseEnv } from '@konnect/db';

export const workerEnvShape = {
  ...baseEnvShape,
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
};

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(workerEnvShape, source);
}
