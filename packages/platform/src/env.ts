/**
 * The platform's settings from the environment and the platform built from them, for both
 * deployables: the web app (activation, Catch Hook, samples, test runs, Test connection) and the
 * worker parse the same shape and build the same outbound guard and limits, so a call the builder
 * makes is refused or allowed exactly as the run's call would be. Every default is the platform's
 * own (DEFAULT_LIMITS, DEFAULT_WORKER_SETTINGS), not a second copy. A bad value stops start-up
 * with a message naming the variable (parseEnv, @konnect/db).
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { baseEnvShape, createDb, parseKeyring, type Db } from '@konnect/db';
import { createMailer, MailConfigError, mailerConfigFromEnv, parseSmtpUrl, DEFAULT_MAIL_FROM } from '@konnect/mail';
import type { Registry } from '@konnect/sdk';
import { setSandboxOptions, type SandboxPoolOptions } from '@konnect/engine';
import { createOutboundGuard, hostOf, type PlatformGuard } from './outbound-guard';
import { createPlatform, DEFAULT_LIMITS, type EngineTuning, type Logger, type Platform, type PlatformLimits } from './platform';
import { createQueues, createRedis } from './queues';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, DEFAULT_WORKER_SETTINGS, type WorkerOverrides } from './workers';

const count = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** Database pool per process (a worker's runs, the web app's requests). */
const DEFAULT_DB_POOL_SIZE = 20;

/** What web and worker both parse: connections, limits and the outbound guard's allowances. */
export const platformEnvShape = {
  ...baseEnvShape,
  DB_POOL_SIZE: count(1, 200, DEFAULT_DB_POOL_SIZE),
  /** Runs executing at once per workspace, across every worker process. */
  WORKSPACE_CONCURRENCY: count(1, 1000, DEFAULT_LIMITS.workspaceConcurrency),
  /** Calls per second (and burst) per connection. */
  CONNECTION_RATE_PER_SEC: z.coerce.number().positive().max(10_000).default(DEFAULT_LIMITS.connectionRate.perSecond),
  CONNECTION_RATE_BURST: count(1, 10_000, DEFAULT_LIMITS.connectionRate.burst),
  /** Catch Hook calls per second and burst per hook when its konnector sets none (hook-rate.ts). */
  HOOK_RATE_PER_SEC: z.coerce.number().positive().max(100_000).default(DEFAULT_LIMITS.hookRate.perSecond),
  HOOK_RATE_BURST: count(1, 200_000, DEFAULT_LIMITS.hookRate.burst),
  /** The most calls per second (and burst) any one hook takes, whatever its konnector sets. */
  HOOK_RATE_MAX_PER_SEC: z.coerce.number().positive().max(100_000).default(DEFAULT_LIMITS.hookRateMax.perSecond),
  HOOK_RATE_MAX_BURST: count(1, 200_000, DEFAULT_LIMITS.hookRateMax.burst),
  /** Catch Hook calls per second and burst over all the hooks of one workspace. */
  HOOK_RATE_PER_WORKSPACE_PER_SEC: z.coerce.number().positive().max(100_000).default(DEFAULT_LIMITS.hookWorkspaceRate.perSecond),
  HOOK_RATE_PER_WORKSPACE_BURST: count(1, 200_000, DEFAULT_LIMITS.hookWorkspaceRate.burst),
  /** Runs waiting per workspace; past it polls hold new events back and the Catch Hook answers 429. */
  KONNECT_MAX_QUEUED_RUNS_PER_WORKSPACE: count(1, 10_000_000, DEFAULT_LIMITS.maxQueuedRunsPerWorkspace),
  /** Mails per workspace per UTC day through Konnect mail (the Konnect Mail tool); 0 turns it off. */
  KONNECT_MAIL_DAILY_LIMIT: count(0, 1_000_000, DEFAULT_LIMITS.konnectMailDailyLimit),
  /** The data store (Storage tool): keys and bytes of values (JSON text) per workspace. */
  STORE_MAX_KEYS_PER_WORKSPACE: count(1, 10_000_000, DEFAULT_LIMITS.storeMaxKeys),
  STORE_MAX_BYTES_PER_WORKSPACE: count(1024, 1_000_000_000_000, DEFAULT_LIMITS.storeMaxBytes),
  /** Pages polls read per connection per minute (every konnector on it together); no 60 s window holds more. */
  POLL_PAGES_PER_MINUTE_PER_CONNECTION: count(2, 100_000, DEFAULT_LIMITS.pollPagesPerMinute),
  /** Hosts ("host" or "host:port", comma separated) connectors may call even though they are private. */
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** Allow every private or loopback address (development only). */
  OUTBOUND_ALLOW_PRIVATE: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  /** The local Custify simulator: its host (and port) is allowed for outbound calls. */
  CUSTIFY_SIM_URL: z.url().optional(),
  /** The mailer: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Unset: no mail is sent. */
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .superRefine((v, ctx) => {
      if (!v) return;
      try {
        parseSmtpUrl(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof MailConfigError ? err.message.replace(/^SMTP_URL: /, '') : 'invalid' });
      }
    }),
  /** The From of every mail, e.g. "Konnect <no-reply@example.com>". */
  MAIL_FROM: z.string().min(3).default(DEFAULT_MAIL_FROM),
  /** Development only: accept the SMTP server's certificate without verifying it. */
  SMTP_TLS_INSECURE: z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { error: 'expected 1 or 0' })
    .default('0')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  /** The local Slack simulator: its host (and port) is allowed for outbound calls. */
  SLACK_SIM_URL: z.url().optional(),
  /** Code sandbox threads per process and their sharing between workspaces; unset: the engine's defaults (sandbox-config.ts). */
  SANDBOX_THREADS: z.coerce.number().int().min(1).max(16).optional(),
  SANDBOX_THREADS_PER_WORKSPACE: z.coerce.number().int().min(1).max(32).optional(),
  SANDBOX_MAX_THREADS: z.coerce.number().int().min(1).max(32).optional(),
  SANDBOX_QUEUE_PER_WORKSPACE: z.coerce.number().int().min(1).max(100_000).optional(),
  /** How long a code step may wait for a sandbox thread (its own time limit starts once it has one). */
  SANDBOX_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
};

/** The worker process's job settings (only the worker parses these). */
export const workerSettingsEnvShape = {
  /** Run jobs executing at once in this process. */
  WORKER_CONCURRENCY: count(1, 500, DEFAULT_WORKER_SETTINGS.concurrency.run),
  POLL_CONCURRENCY: count(1, 500, DEFAULT_WORKER_SETTINGS.concurrency.poll),
  SCHEDULE_CONCURRENCY: count(1, 100, DEFAULT_WORKER_SETTINGS.concurrency.schedule),
  /** Job lock (renewed at half of it) and stall check: a killed worker's jobs come back within ~lock + interval. */
  WORKER_LOCK_MS: count(1000, 600_000, DEFAULT_WORKER_SETTINGS.lockDurationMs),
  WORKER_STALLED_INTERVAL_MS: count(500, 600_000, DEFAULT_WORKER_SETTINGS.stalledIntervalMs),
  RUN_RETENTION_DAYS: count(1, 3650, DEFAULT_WORKER_SETTINGS.retentionDays),
  /** Users' security logs (AccountEvent) are deleted after this many days. */
  ACCOUNT_EVENT_RETENTION_DAYS: count(1, 3650, DEFAULT_WORKER_SETTINGS.accountEventRetentionDays),
  /** How long SIGTERM waits for in-flight jobs before releasing them to other workers. */
  SHUTDOWN_TIMEOUT_MS: count(0, 600_000, DEFAULT_SHUTDOWN_TIMEOUT_MS),
  /** Mails sent at once by this process. */
  MAIL_CONCURRENCY: count(1, 100, DEFAULT_WORKER_SETTINGS.concurrency.mail),
};

export type PlatformEnv = z.output<z.ZodObject<typeof platformEnvShape>>;
export type WorkerSettingsEnv = z.output<z.ZodObject<typeof workerSettingsEnvShape>>;

type GuardEnv = Pick<PlatformEnv, 'OUTBOUND_ALLOW_HOSTS' | 'OUTBOUND_ALLOW_PRIVATE' | 'CUSTIFY_SIM_URL'> & Partial<Pick<PlatformEnv, 'SLACK_SIM_URL'>>;

/** The outbound guard: private addresses refused except the allowed hosts and the local simulators (Custify, Slack). */
export function outboundGuardFromEnv(env: GuardEnv): PlatformGuard {
  const simHosts = [env.CUSTIFY_SIM_URL, env.SLACK_SIM_URL].map((u) => (u ? hostOf(u) : undefined)).filter((h): h is string => h !== undefined);
  return createOutboundGuard({ allowHosts: [...env.OUTBOUND_ALLOW_HOSTS, ...simHosts], allowPrivate: env.OUTBOUND_ALLOW_PRIVATE });
}

export function limitsFromEnv(env: PlatformEnv): Partial<PlatformLimits> {
  return {
    workspaceConcurrency: env.WORKSPACE_CONCURRENCY,
    connectionRate: { perSecond: env.CONNECTION_RATE_PER_SEC, burst: env.CONNECTION_RATE_BURST },
    hookRate: { perSecond: env.HOOK_RATE_PER_SEC, burst: env.HOOK_RATE_BURST },
    hookRateMax: { perSecond: env.HOOK_RATE_MAX_PER_SEC, burst: env.HOOK_RATE_MAX_BURST },
    hookWorkspaceRate: { perSecond: env.HOOK_RATE_PER_WORKSPACE_PER_SEC, burst: env.HOOK_RATE_PER_WORKSPACE_BURST },
    maxQueuedRunsPerWorkspace: env.KONNECT_MAX_QUEUED_RUNS_PER_WORKSPACE,
    konnectMailDailyLimit: env.KONNECT_MAIL_DAILY_LIMIT,
    storeMaxKeys: env.STORE_MAX_KEYS_PER_WORKSPACE,
    storeMaxBytes: env.STORE_MAX_BYTES_PER_WORKSPACE,
    pollPagesPerMinute: env.POLL_PAGES_PER_MINUTE_PER_CONNECTION,
  };
}

const SANDBOX_VARIABLES = {
  threads: 'SANDBOX_THREADS',
  ownerThreads: 'SANDBOX_THREADS_PER_WORKSPACE',
  maxThreads: 'SANDBOX_MAX_THREADS',
  ownerQueue: 'SANDBOX_QUEUE_PER_WORKSPACE',
  queueTimeoutMs: 'SANDBOX_QUEUE_TIMEOUT_MS',
} as const satisfies Partial<Record<keyof SandboxPoolOptions, keyof PlatformEnv>>;

/** The code sandbox options the environment sets (only those it sets). */
export function sandboxOptionsFromEnv(env: PlatformEnv): SandboxPoolOptions {
  const options: SandboxPoolOptions = {};
  for (const [option, variable] of Object.entries(SANDBOX_VARIABLES) as [keyof typeof SANDBOX_VARIABLES, keyof PlatformEnv][]) {
    const value = env[variable];
    if (typeof value === 'number') options[option] = value;
  }
  return options;
}

/** Applies the SANDBOX_* variables to this process's code sandbox; a bad combination stops start-up naming the variables. */
export function applySandboxEnv(env: PlatformEnv): void {
  const options = sandboxOptionsFromEnv(env);
  if (Object.keys(options).length === 0) return;
  try {
    setSandboxOptions(options);
  } catch (err) {
    let message = err instanceof Error ? err.message : String(err);
    for (const [option, variable] of Object.entries(SANDBOX_VARIABLES)) message = message.replace(new RegExp(`\\b${option}\\b`, 'g'), variable);
    throw new Error(message);
  }
}

export function workerSettingsFromEnv(env: WorkerSettingsEnv): WorkerOverrides {
  return {
    concurrency: { run: env.WORKER_CONCURRENCY, poll: env.POLL_CONCURRENCY, schedule: env.SCHEDULE_CONCURRENCY, alert: DEFAULT_WORKER_SETTINGS.concurrency.alert, maintenance: 1, mail: env.MAIL_CONCURRENCY },
    lockDurationMs: env.WORKER_LOCK_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
    retentionDays: env.RUN_RETENTION_DAYS,
    accountEventRetentionDays: env.ACCOUNT_EVENT_RETENTION_DAYS,
  };
}

/** What the environment does not say. */
export interface PlatformExtras {
  registry: Registry;
  /** A database client the process already has (the web app keeps one per URL); default: a pool of DB_POOL_SIZE. */
  db?: Db;
  /** The queues' Redis connection; default: one suited to BullMQ workers (createRedis). */
  redis?: Redis;
  log?: Logger;
  engine?: EngineTuning;
  /** Runs this process executes itself, at most at once, of the hook calls it takes (run-here.ts; the ingress). */
  runsHere?: number;
}

/** The platform of this process: database, queues, keyring, outbound guard and limits from `env`. */
export function platformFromEnv(env: PlatformEnv, extras: PlatformExtras): Platform {
  applySandboxEnv(env);
  const mail = mailerConfigFromEnv(env);
  return createPlatform({
    db: extras.db ?? createDb(env.DATABASE_URL, { max: env.DB_POOL_SIZE }),
    queues: createQueues(extras.redis ?? createRedis(env.REDIS_URL), env.REDIS_PREFIX),
    registry: extras.registry,
    keyring: parseKeyring(env.KONNECT_ENCRYPTION_KEY),
    httpOptions: { guard: outboundGuardFromEnv(env) },
    limits: limitsFromEnv(env),
    ...(extras.log ? { log: extras.log } : {}),
    ...(extras.engine ? { engine: extras.engine } : {}),
    ...(extras.runsHere ? { runsHere: extras.runsHere } : {}),
    ...(mail ? { mailer: createMailer(mail) } : {}),
  });
}
