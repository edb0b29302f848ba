/**
 * The typed job catalogue: one entry per queue with its payload schema, attempts
 * and backoff. `enqueue` (queues.ts) is typed from it, and every payload is parsed with its
 * schema when it leaves the queue (`parseJob`), so a malformed job fails with a message naming
 * the field instead of crashing a processor.
 */
import { backoffDelay } from '@konnect/sdk';
import { z } from 'zod';

const Id = z.string().min(1).max(200);

export const PollJob = z.object({ workspaceId: Id, konnectorId: Id });
export type PollJob = z.infer<typeof PollJob>;

export const RunJob = z.object({
  workspaceId: Id,
  runId: Id,
  /** Times the run was put back because an app asked to wait (Retry-After); bounded. */
  deferrals: z.number().int().min(0).default(0),
});
export type RunJob = z.infer<typeof RunJob>;

export const ScheduleJob = z.object({ workspaceId: Id, konnectorId: Id });
export type ScheduleJob = z.infer<typeof ScheduleJob>;

/**
 * Alert work (alerts.ts): a run's outcome for its konnector's alert state, a due digest, a trigger
 * or connection state change, and one delivery to Slack or the generic webhook.
 */
const AlertRunJob = z.object({ type: z.enum(['run_failed', 'run_succeeded']), workspaceId: Id, runId: Id, konnectorId: Id.optional() });
const AlertDigestJob = z.object({ type: z.literal('digest'), workspaceId: Id, konnectorId: Id });
const AlertTriggerJob = z.object({ type: z.literal('trigger'), workspaceId: Id, konnectorId: Id, state: z.enum(['paused', 'resumed']), reason: z.string().max(2000) });
const AlertConnectionJob = z.object({ type: z.literal('connection'), workspaceId: Id, connectionId: Id, message: z.string().max(2000) });
export const AlertDeliverJob = z.object({
  type: z.literal('deliver'),
  workspaceId: Id,
  konnectorId: Id.optional(),
  channel: z.enum(['slack', 'webhook']),
  /** The notification kind ("run_failed", "run_digest", …): the webhook's `event`. */
  event: z.string().max(100),
  /** When the alert happened (ISO): the webhook's `occurredAt`. */
  at: z.string().max(40),
  body: z.record(z.string(), z.unknown()),
});
export type AlertDeliverJob = z.infer<typeof AlertDeliverJob>;
export const AlertJob = z.discriminatedUnion('type', [AlertRunJob, AlertDigestJob, AlertTriggerJob, AlertConnectionJob, AlertDeliverJob]);
export type AlertJob = z.infer<typeof AlertJob>;

export const MaintenanceJob = z.object({ task: z.enum(['retention']) });
export type MaintenanceJob = z.infer<typeof MaintenanceJob>;

/** Sends one MailMessage row (the job id is the mail id: enqueueing twice is a no-op). */
export const MailJob = z.object({ mailId: Id, workspaceId: Id.nullable().default(null) });
export type MailJob = z.infer<typeof MailJob>;

/**
 * BullMQ's wait before a failed job's next attempt: 'fixed' waits `delay`; 'jittered' is Konnect's
 * one backoff (`backoffDelay`, retries numbered from 1: about `delay` for the first retry, doubling,
 * equal jitter, at most JOB_BACKOFF_MAX_MS), computed by the workers' backoff strategy.
 */
interface Backoff {
  type: 'fixed' | 'jittered';
  delay: number;
}

export const JOB_BACKOFF_MAX_MS = 60_000;
/** Mail retries wait longer: an SMTP server answering 4xx may need minutes (10 s, 20 s, … up to 5 min). */
export const MAIL_BACKOFF_MAX_MS = 5 * 60_000;

/**
 * The workers' BullMQ backoff strategy, for the catalogue's 'jittered' type (BullMQ computes
 * 'fixed' itself): `attemptsMade` is the number of the coming retry, 1 after the first failure.
 */
export function jobBackoffDelay(attemptsMade: number, type: string | undefined, delay: number | undefined, maxDelayMs = JOB_BACKOFF_MAX_MS): number {
  if (type !== 'jittered') throw new Error(`unknown backoff type "${type ?? ''}"`);
  return backoffDelay(attemptsMade, { baseDelayMs: delay ?? 0, maxDelayMs });
}

export interface JobSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  /**
   * Attempts for crashes and infrastructure failures (a lost database connection); run failures
   * are data, an app's errors are retried by the engine and deferrals are the run processor's.
   */
  attempts: number;
  backoff: Backoff;
  /** How many finished jobs Redis keeps for inspection. */
  keepCompleted: number;
  keepFailed: number;
}

export const jobs = {
  poll: { schema: PollJob, attempts: 1, backoff: { type: 'fixed', delay: 0 }, keepCompleted: 0, keepFailed: 500 },
  run: { schema: RunJob, attempts: 5, backoff: { type: 'jittered', delay: 1000 }, keepCompleted: 1000, keepFailed: 5000 },
  schedule: { schema: ScheduleJob, attempts: 3, backoff: { type: 'jittered', delay: 1000 }, keepCompleted: 100, keepFailed: 500 },
  // Attempts serve deliveries (an app that is down: about 2, 4, 8, 16, 32 s apart) and infrastructure failures.
  alert: { schema: AlertJob, attempts: 6, backoff: { type: 'jittered', delay: 2000 }, keepCompleted: 200, keepFailed: 1000 },
  maintenance: { schema: MaintenanceJob, attempts: 2, backoff: { type: 'fixed', delay: 30_000 }, keepCompleted: 20, keepFailed: 50 },
  // Transient SMTP failures (4xx, connection, timeout) are retried; a 5xx ends the mail at once (mail-send.ts).
  mail: { schema: MailJob, attempts: 8, backoff: { type: 'jittered', delay: 10_000 }, keepCompleted: 100, keepFailed: 1000 },
} as const satisfies Record<string, JobSpec>;

export type JobName = keyof typeof jobs;
export const JOB_NAMES = Object.keys(jobs) as JobName[];

/** A job's payload after parsing (defaults applied). */
export type JobData<N extends JobName> = z.output<(typeof jobs)[N]['schema']>;
/** What a caller hands to enqueue (defaults may be left out). */
export type JobInput<N extends JobName> = z.input<(typeof jobs)[N]['schema']>;

export class InvalidJobError extends Error {
  constructor(name: JobName, issues: string) {
    super(`invalid ${name} job payload: ${issues}`);
    this.name = 'InvalidJobError';
  }
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
}

/** Parses a payload that left (or is about to enter) the `name` queue. */
export function parseJob<N extends JobName>(name: N, data: unknown): JobData<N> {
  const result = jobs[name].schema.safeParse(data);
  if (!result.success) throw new InvalidJobError(name, describe(result.error));
  return result.data as JobData<N>;
}
