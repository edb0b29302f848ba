/**
 * The worker's environment, parsed once at start-up; a bad variable stops it with a message naming
 * it. The shapes and their defaults are the platform's (web parses the same platformEnvShape).
 */
import { z } from 'zod';
import { EnvError, parseEnv } from '@konnect/db';
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
  /**
   * Test only: multiplies every Delay "for" wait (0.05: a 1-minute Delay lasts 3 s), so browser
   * tests can watch a delayed run end. Refused when NODE_ENV is production.
   */
  KONNECT_TEST_DELAY_SCALE: z.coerce.number().gt(0, 'must be above 0').max(1, 'is at most 1').optional(),
};

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env) {
  const env = parseEnv(workerEnvShape, source);
  if (env.KONNECT_TEST_DELAY_SCALE !== undefined && env.NODE_ENV === 'production') {
    throw new EnvError(['KONNECT_TEST_DELAY_SCALE is a test-only setting and is refused when NODE_ENV is production (unset it)']);
  }
  return env;
}
