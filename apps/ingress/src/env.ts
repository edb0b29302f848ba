/**
 * The ingress's environment, parsed once at start-up; a bad variable stops it with a message naming
 * it. The platform's shape (database, Redis, limits; the web app and the worker parse the same) and
 * the ingress's own: where it listens, how long SIGTERM waits, and the public hook URL.
 */
import { z } from 'zod';
import { parseEnv } from '@konnect/db';
import { platformEnvShape } from '@konnect/platform';

/** The ingress's default port: next to the web app's 3000. */
export const DEFAULT_INGRESS_PORT = 3001;

/** Runs the ingress executes at once by default: the default per-workspace limit (10) twice, as a worker's run concurrency. */
export const DEFAULT_INGRESS_RUNS = 20;

export const ingressEnvShape = {
  ...platformEnvShape,
  INGRESS_PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_INGRESS_PORT),
  /** The address to listen on (all interfaces by default, as `next start` does). */
  INGRESS_HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * How long SIGTERM waits for calls in flight (a Respond from the konnector call waits up to its own
   * timeout, at most 120 s) before closing their connections.
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** The public base of hook URLs (https: answers carry Strict-Transport-Security); default NEXTAUTH_URL. */
  HOOK_PUBLIC_URL: z.url().optional(),
  NEXTAUTH_URL: z.url().default('http://localhost:3000'),
  /**
   * Runs of its hook calls the ingress executes itself, at most at once, instead of queueing them for
   * a worker (packages/platform/src/run-here.ts): no queue hop, and a Respond to Hook answer goes
   * straight to its caller. Runs beyond it, and runs that wait or are deferred, go to the workers. 0:
   * every run goes to the queue.
   */
  INGRESS_RUNS: z.coerce.number().int().min(0).max(1000).default(DEFAULT_INGRESS_RUNS),
};

export type IngressEnv = ReturnType<typeof loadIngressEnv>;

export function loadIngressEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(ingressEnvShape, source);
}
