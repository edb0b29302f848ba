/**
 * The worker's environment, parsed once at start-up; a bad variable stops it with a message naming
 * it. The shapes and their defaults are the platform's (web parses the same platformEnvShape).
 */
import { z } from 'zod';
import { parseEnv } from '@konnect/db';
import { platformEnvShape, workerSettingsEnvShape } from '@konnect/platform';

export const workerEnvShape = {
  ...platformEnvShape,
  ...workerSettingsEnvShape,
  /** The web app's address, for the absolute links in alerts (falls back to NEXTAUTH_URL). */
  APP_URL: z.url().optional(),
  NEXTAUTH_URL: z.url().default('http://localhost:3000'),
  /**
   * Limits this worker's reconciler to these workspaces (comma-separated ids). Only for tests whose
   * workers share one database under different Redis prefixes; production leaves it empty.
   */
  RECONCILE_WORKSPACE_IDS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
};

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(workerEnvShape, source);
}
