/**
 * The alert engine: the `alert` queue's processor and how the rest of the platform feeds it.
 *
 * The run path pays nothing for succeeded runs: `conclude` (run.ts) enqueues one `run_failed` job
 * per failed run, and a `run_succeeded` job only when the claim said the konnector is in a failing
 * streak (run-claim.ts reads KonnectorAlertState.failingSince in the claim statement). Enqueues of
 * one turn of the event loop share one Redis round trip. The processor keeps each konnector's state
 * in Postgres under a row lock (alert-state.ts) and follows the rules in alert-policy.ts; a digest
 * is a delayed job, and the reconciler re-creates the job of a digest that is due in Postgres but
 * gone from Redis (`reviveDigests`), so a digest is never lost with Redis.
 */
import { StepError } from '@konnect/schemas';
import { deactivate } from './activation';
import { decideDigest, decideFailure, decideSuccess } from './alert-policy';
import { dispatchAlert, deliverAlert, nowOf, type AlertContext, type Dispatched } from './alert-dispatch';
import { connectionAlert, digestAlert, failedRunAlert, konnectorAlert, links, loadFailedRun, type Alert } from './alert-messages';
import { effectiveAlerts } from './alert-settings';
import { dueDigests, withAlertState } from './alert-state';
import type { AlertJob } from './jobs';
import type { Platform } from './platform';
import { enqueue } from './queues';

const MINUTE = 60_000;

export interface AlertOutcome {
  /** What was decided: "immediate", "pending", "digest", "recovered", "auto-paused", "skipped: …". */
  decision: string[];
  sent: Dispatched[];
}

const digestJobId = (konnectorId: string, due: Date) => `digest-${konnectorId}-${due.getTime()}`;

async function scheduleDigest(p: Platform, ctx: AlertContext, workspaceId: string, konnectorId: string, due: Date, suffix = ''): Promise<void> {
  const delay = Math.max(0, due.getTime() - nowOf(ctx).getTime());
  await enqueue(p.queues, 'alert', { type: 'digest', workspaceId, konnectorId }, { jobId: `${digestJobId(konnectorId, due)}${suffix}`, delay });
}

async function send(p: Platform, ctx: AlertContext, workspaceId: string, alert: Alert | null, out: AlertOutcome, decision: string): Promise<void> {
  out.decision.push(decision);
  if (alert) out.sent.push(await dispatchAlert(p, ctx, workspaceId, alert));
}

async function onRunFailed(p: Platform, ctx: AlertContext, job: { workspaceId: string; runId: string }, out: AlertOutcome): Promise<void> {
  const run = await p.db.run.findFirst({ where: { id: job.runId, workspaceId: job.workspaceId }, select: { konnectorId: true, status: true, error: true, summary: true } });
  if (!run || run.status !== 'failed') {
    out.decision.push(`skipped: the run is ${run ? run.status : 'gone'}`);
    return;
  }
  const { workspaceId } = job;
  const effective = await effectiveAlerts(p.db, p.keyring, workspaceId, run.konnectorId);
  const error = StepError.safeParse(run.error);
  const now = nowOf(ctx);
  const decided = await withAlertState(p.db, workspaceId, run.konnectorId, (s) => {
    const d = decideFailure(s, {
      now,
      runId: job.runId,
      message: error.success ? error.data.message : run.summary,
      windowMs: effective.settings.digestMinutes * MINUTE,
      autoPauseAfter: effective.settings.autoPauseAfter,
    });
    return { next: d.next, result: { ...d, failures: s.consecutiveFailures + 1 } };
  });
  if (!decided) {
    out.decision.push('skipped: the konnector is gone');
    return;
  }
  const l = links(ctx.appUrl, workspaceId);
  if (decided.immediate) {
    const failed = await loadFailedRun(p, workspaceId, job.runId);
    await send(p, ctx, workspaceId, failed ? failedRunAlert(l, failed) : null, out, 'immediate');
  } else out.decision.push('pending');
  if (decided.digestAt) await scheduleDigest(p, ctx, workspaceId, run.konnectorId, decided.digestAt);
  if (decided.autoPause) {
    const k = await p.db.konnector.findFirst({ where: { id: run.konnectorId, workspaceId }, select: { status: true, name: true } });
    if (k?.status === 'active') {
      await deactivate(p, workspaceId, run.konnectorId);
      await p.db.auditEvent.create({
        data: {
          workspaceId, actorLabel: 'Konnect (alert settings: auto-pause)', action: 'konnector.deactivated', targetType: 'konnector', targetId: run.konnectorId,
          targetLabel: k.name.slice(0, 200), details: { autoPaused: true, failedRunsInARow: decided.failures },
        },
      });
      p.log.warn(`konnector ${run.konnectorId}: turned off after ${decided.failures} failed runs in a row (auto-pause)`);
      await send(p, ctx, workspaceId, await konnectorAlert(p, l, workspaceId, run.konnectorId, { kind: 'auto_paused', failures: decided.failures }), out, 'auto-paused');
    }
  }
}

async function onRunSucceeded(p: Platform, ctx: AlertContext, job: { workspaceId: string; runId: string; konnectorId?: string | undefined }, out: AlertOutcome): Promise<void> {
  const konnectorId = job.konnectorId ?? (await p.db.run.findFirst({ where: { id: job.runId, workspaceId: job.workspaceId }, select: { konnectorId: true } }))?.konnectorId;
  if (!konnectorId) return void out.decision.push('skipped: the run is gone');
  const decided = await withAlertState(p.db, job.workspaceId, konnectorId, (s) => {
    const d = decideSuccess(s);
    return { next: d.next, result: d };
  });
  if (!decided?.recovered) return void out.decision.push('streak ended');
  const l = links(ctx.appUrl, job.workspaceId);
  await send(p, ctx, job.workspaceId, await konnectorAlert(p, l, job.workspaceId, konnectorId, { kind: 'recovered', runId: job.runId }), out, 'recovered');
}

async function onDigest(p: Platform, ctx: AlertContext, job: { workspaceId: string; konnectorId: string }, out: AlertOutcome): Promise<void> {
  const now = nowOf(ctx);
  const decided = await withAlertState(p.db, job.workspaceId, job.konnectorId, (s) => {
    const d = decideDigest(s, now);
    return { next: d.kind === 'later' ? s : d.next, result: d };
  });
  if (!decided || decided.kind === 'nothing') return void out.decision.push('skipped: nothing pending');
  if (decided.kind === 'later') {
    await scheduleDigest(p, ctx, job.workspaceId, job.konnectorId, decided.at, `-again-${now.getTime()}`);
    return void out.decision.push('not due yet');
  }
  const l = links(ctx.appUrl, job.workspaceId);
  await send(p, ctx, job.workspaceId, await digestAlert(p, l, job.workspaceId, job.konnectorId, decided), out, 'digest');
}

/** The `alert` job processor. `lastAttempt`: a delivery that fails now is final (and told to people). */
export async function processAlert(p: Platform, ctx: AlertContext, job: AlertJob, lastAttempt = true): Promise<AlertOutcome> {
  const out: AlertOutcome = { decision: [], sent: [] };
  const l = links(ctx.appUrl, job.workspaceId);
  switch (job.type) {
    case 'run_failed':
      await onRunFailed(p, ctx, job, out);
      break;
    case 'run_succeeded':
      await onRunSucceeded(p, ctx, job, out);
      break;
    case 'digest':
      await onDigest(p, ctx, job, out);
      break;
    case 'trigger': {
      const kind = job.state === 'paused' ? 'trigger_paused' : 'trigger_resumed';
      await send(p, ctx, job.workspaceId, await konnectorAlert(p, l, job.workspaceId, job.konnectorId, { kind, reason: job.reason }), out, kind);
      break;
    }
    case 'connection':
      await send(p, ctx, job.workspaceId, await connectionAlert(p, l, job.workspaceId, job.connectionId, job.message), out, 'connection_attention');
      break;
    case 'deliver': {
      const result = await deliverAlert(p, ctx, job, lastAttempt);
      out.decision.push('status' in result ? `delivered ${result.status}` : `skipped: ${result.skipped}`);
      break;
    }
  }
  return out;
}

/** Digests due in Postgres for more than `graceMs` whose job is gone (Redis lost it): enqueued again. */
export async function reviveDigests(p: Platform, opts: { now?: Date; graceMs?: number; workspaceIds?: readonly string[] } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const due = await dueDigests(p.db, new Date(now.getTime() - (opts.graceMs ?? 30_000)), opts.workspaceIds);
  if (due.length === 0) return 0;
  const queue = p.queues.queue('alert');
  let revived = 0;
  for (const d of due) {
    const id = digestJobId(d.konnectorId, d.digestDueAt);
    const existing = await queue.getJob(id);
    const state = existing ? await existing.getState() : 'missing';
    if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized' || state === 'waiting-children') continue;
    if (existing) await existing.remove().catch(() => undefined);
    await enqueue(p.queues, 'alert', { type: 'digest', workspaceId: d.workspaceId, konnectorId: d.konnectorId }, { jobId: id });
    revived++;
  }
  if (revived > 0) p.log.warn(`alerts: ${revived} due digest(s) had no job (Redis lost them): enqueued again`);
  return revived;
}
