/**
 * The worker's environment, parsed once at start-up; a bad variable stops it with a message naming
 * it. The shapes and their defaults are the platform's (web parses the same platformEnvShape).
 */
import { parseEnv } from '@konnect/db';
import { platformEnvShape, workerSettingsEnvShape } from '@konnect/platform';

export const workerEnvShape = { ...platformEnvShape, ...workerSettingsEnvShape };

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(workerEnvShape, source);
}
