/**
 * What every service and processor of the platform works with: the database, the queues (and
 * their Redis connection), the connector registry, the keyring that opens connection secrets,
 * limits, and a logger. Built once per process.
 */
import type { Db, Keyring } from '@konnect/db';
import type { ExecuteOptions } from '@konnect/engine';
import { DEFAULT_HOOK_RATE } from '@konnect/schemas';
import type { Mailer } from '@konnect/mail';
import type { HttpClientOptions, Registry } from '@konnect/sdk';
import { connectionResolver, openedConnectionsOf, type ConnectionResolver, type ConnectionRow, type ConnectionUse } from './connections';
import { dependencyStates, watchRedis, type DependencyStates } from './dependencies';
import { isInfrastructureError } from './infrastructure';
import { JOB_NAMES } from './jobs';
import type { BucketSpec } from './limits';
import { redisKey, type Queues } from './queues';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface PlatformLimits {
  /** Runs executing at once per workspace (all workers together). */
  workspaceConcurrency: number;
  /** A workspace slot's lease; renewed while the run executes, so a killed worker's slots come back. */
  workspaceLeaseMs: number;
  /** Calls per second (and burst) per connection. */
  connectionRate: BucketSpec;
  /** Longest in-process wait for a connection token before the run is put back in the queue. */
  connectionMaxWaitMs: number;
  /** Inbound calls per second (and burst) per Catch Hook, unless its konnector sets its own (hook-rate.ts). */
  hookRate: BucketSpec;
  /** The most any one hook may take, whatever its konnector sets. */
  hookRateMax: BucketSpec;
  /** Inbound calls per second (and burst) over all the hooks of one workspace. */
  hookWorkspaceRate: BucketSpec;
  hookBodyLimitBytes: number;
  /** Times a run may be put back (Retry-After) before it fails with the last error. */
  maxDeferrals: number;
  /** Longest single deferral. */
  maxDeferralMs: number;
  /** Event-log payload size limit per field. */
  fieldLimitBytes: number;
  /** Runs waiting (status queued) per workspace; past it polls hold back and the Catch Hook answers 429. */
  maxQueuedRunsPerWorkspace: number;
  /** Mails per workspace per UTC day through Konnect mail (the instance's mailer); 0 turns it off. */
  konnectMailDailyLimit: number;
  /** The data store (Storage tool): live keys and bytes of values per workspace. */
  storeMaxKeys: number;
  storeMaxBytes: number;
  /** Pages polls may read per connection per minute, all its konnectors together (page-budget.ts); at least 2. */
  pollPagesPerMinute: number;
  /** After a 429 the connection's page rate is halved; each calm period without one doubles it back. */
  pollBackoffCalmMs: number;
}

export const DEFAULT_LIMITS: PlatformLimits = {
  workspaceConcurrency: 10,
  workspaceLeaseMs: 30_000,
  connectionRate: { perSecond: 10, burst: 20 },
  connectionMaxWaitMs: 2_000,
  hookRate: { ...DEFAULT_HOOK_RATE },
  hookRateMax: { perSecond: 1000, burst: 2000 },
  // A few busy hooks at once, about what one machine's workers complete (issue 19: ~400 runs/s).
  hookWorkspaceRate: { perSecond: 500, burst: 1000 },
  hookBodyLimitBytes: 256 * 1024,
  maxDeferrals: 25,
  maxDeferralMs: 10 * 60_000,
  fieldLimitBytes: 64 * 1024,
  maxQueuedRunsPerWorkspace: 10_000,
  konnectMailDailyLimit: 100,
  storeMaxKeys: 10_000,
  storeMaxBytes: 50 * 1024 * 1024,
  pollPagesPerMinute: 60,
  pollBackoffCalmMs: 10 * 60_000,
};

export interface Platform {
  db: Db;
  queues: Queues;
  registry: Registry;
  keyring: Keyring;
  limits: PlatformLimits;
  /** Extras for every connector HTTP client (outbound guard, timeouts; retry policy for triggers only, see ConnectionUse). */
  httpOptions?: Partial<HttpClientOptions>;
  log: Logger;
  /** Engine tuning passed to every execution (in-process retry budgets, code sandbox limits). */
  engine: EngineTuning;
  /** Postgres / Redis reachability as this process sees it (one log line per change). */
  deps: DependencyStates;
  /** The SMTP mailer (SMTP_URL); absent when the instance has no mailer: queueMail answers 'unavailable'. */
  mailer?: Mailer;
  /** Failed runs (and recoveries) feed the alert engine (alerts.ts); off: the run path enqueues nothing (benches). */
  alerting: boolean;
  /** The clock of polls and their page budget (epoch ms); tests inject one. Default Date.now. */
  clock?: () => number;
  /**
   * Runs of the hook calls it takes that this process executes itself, at most at once (run-here.ts):
   * the ingress's INGRESS_RUNS. 0 or unset: every run goes to the queue (the web app, workers).
   */
  runsHere?: number;
}

export type EngineTuning = Pick<ExecuteOptions, 'retryBudgets' | 'codeLimits' | 'delayScale'>;

export interface PlatformOptions {
  db: Db;
  queues: Queues;
  registry: Registry;
  keyring: Keyring;
  limits?: Partial<PlatformLimits>;
  httpOptions?: Partial<HttpClientOptions>;
  log?: Logger;
  engine?: EngineTuning;
  mailer?: Mailer;
  alerting?: boolean;
  clock?: () => number;
  runsHere?: number;
}

const consoleLogger: Logger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

export function createPlatform(opts: PlatformOptions): Platform {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const log = opts.log ?? consoleLogger;
  const deps = dependencyStates(log);
  // The process follows its Redis connection: one log line per outage, and no command sent while it is down.
  watchRedis(opts.queues.redis, deps);
  // BullMQ re-emits each of the connection's errors on every Queue, and with no listener prints it
  // with its stack (console.error): hundreds of lines in a 20 s outage. Connection errors are
  // already followed above; anything else is logged.
  for (const name of JOB_NAMES) {
    opts.queues.queue(name).on('error', (err: Error) => (isInfrastructureError(err) ? deps.down('redis', err) : log.error(`${name} queue: ${err.message}`)));
  }
  return {
    db: opts.db,
    queues: opts.queues,
    registry: opts.registry,
    keyring: opts.keyring,
    limits,
    ...(opts.httpOptions ? { httpOptions: opts.httpOptions } : {}),
    log,
    engine: opts.engine ?? {},
    deps,
    ...(opts.mailer ? { mailer: opts.mailer } : {}),
    alerting: opts.alerting ?? true,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.runsHere ? { runsHere: opts.runsHere } : {}),
  };
}

/**
 * The connection resolver for one workspace and one use ('steps': the engine's actions, whose
 * clients never retry on their own; 'triggers': polls and samples, whose clients do), rate
 * limited per connection; opened connections are shared by the platform's resolvers of the same
 * use (`preloaded`: rows already fetched).
 */
export function resolverFor(p: Platform, use: ConnectionUse, workspaceId: string, preloaded: readonly ConnectionRow[] = []): ConnectionResolver {
  return connectionResolver(
    {
      db: p.db,
      keyring: p.keyring,
      registry: p.registry,
      use,
      cache: openedConnectionsOf(p, use),
      ...(p.httpOptions ? { httpOptions: p.httpOptions } : {}),
      rateLimit: {
        redis: p.queues.redis,
        keyFor: (connectionId) => redisKey(p.queues, 'rate', 'conn', connectionId),
        spec: p.limits.connectionRate,
        maxWaitMs: p.limits.connectionMaxWaitMs,
      },
    },
    workspaceId,
    preloaded,
  );
}
