/**
 * Trigger health, a state a person can see: a konnector's trigger is `ok`, `retrying` (transient
 * failures: the app is down, slow or asks to wait; the next attempt time is known) or `paused` (the
 * app refused the credentials, or non-retryable errors repeated PAUSE_AFTER_FAILURES times). Each
 * change of state is one TriggerEvent row, shown in the konnector's event log — never one per poll.
 *
 * A paused trigger is not polled: its scheduler is removed here and the reconciler leaves it out.
 * Fixing its connection (Test connection passes) resumes every trigger paused because of it
 * (`resumeTriggersFor`): the scheduler comes back and one poll runs at once, catching up from the
 * cursor, which did not move while paused. A poll that succeeds after transient failures turns the
 * state back to ok by itself. The connection follows real use too (connection-usage.ts).
 */
import { ConnectorError } from '@konnect/sdk';
import { noteAlert } from './alert-enqueue';
import { noteConnectionUse } from './connection-usage';
import { scrubForConnection } from './connections';
import { errorMessage } from './errors';
import type { Platform } from './platform';
import { enqueue } from './queues';
import { registerTrigger, unregisterTrigger } from './registration';

export type TriggerState = 'ok' | 'retrying' | 'paused';

/** Non-retryable poll failures in a row that pause a trigger (one could be a passing glitch of the app). */
export const PAUSE_AFTER_FAILURES = 3;
const REASON_LIMIT = 1000;

export interface TriggerTarget {
  workspaceId: string;
  konnectorId: string;
  /** The trigger's connection, when it has one. */
  connectionId: string | undefined;
  /** The app's name for messages ("Custify"). */
  appName: string;
}

export function isAuthFailure(err: unknown): err is ConnectorError {
  return err instanceof ConnectorError && (err.kind === 'auth' || err.kind === 'forbidden');
}

/** What the app answered, in words: "Custify rejected the credentials (401): Invalid API key". */
export function describeTriggerFailure(err: unknown, appName: string): string {
  if (!(err instanceof ConnectorError)) return `${appName} could not be polled: ${errorMessage(err)}`;
  // The SDK's messages often name the status already ("Invalid API key (401): …"): say it once.
  const named = err.status !== undefined && err.message.includes(`(${err.status})`);
  const status = err.status !== undefined && !named ? ` (${err.status})` : '';
  const detail = err.message ? `${named ? ' — ' : ': '}${err.message}` : '';
  switch (err.kind) {
    case 'auth':
      return `${appName} rejected the credentials${status}${detail}`;
    case 'forbidden':
      return `${appName} refused access with these credentials${status}${detail}`;
    case 'rate_limited':
      return `${appName} asked Konnect to slow down${status}${detail}`;
    default:
      return `${appName} answered with an error${status}${detail}`;
  }
}

/** Marks the connection; the change to needs_attention (not every failure after it) alerts (alerts.ts). */
export async function markConnectionNeedsAttention(p: Platform, workspaceId: string, connectionId: string, said: string): Promise<void> {
  // Every member reads the status message: none of the connection's secrets, in any spelling.
  const message = await scrubForConnection(p, workspaceId, connectionId, said);
  const now = new Date();
  const data = { status: 'needs_attention' as const, statusMessage: message.slice(0, REASON_LIMIT), lastCheckedAt: now, lastFailureAt: now, lastFailureMessage: message.slice(0, REASON_LIMIT) };
  const changed = await p.db.connection.updateMany({ where: { id: connectionId, workspaceId, status: { not: 'needs_attention' } }, data });
  if (changed.count > 0) {
    noteAlert(p, { type: 'connection', workspaceId, connectionId, message: message.slice(0, REASON_LIMIT) });
    return;
  }
  await p.db.connection.updateMany({ where: { id: connectionId, workspaceId }, data });
}

/** A change into or out of `paused` alerts (alerts.ts): paused, and resumed when it leaves paused. */
function noteTriggerChange(p: Platform, workspaceId: string, konnectorId: string, before: TriggerState | null, after: TriggerState, reason: string | null): void {
  if (before === null || before === after) return;
  if (after === 'paused') noteAlert(p, { type: 'trigger', workspaceId, konnectorId, state: 'paused', reason: (reason ?? '').slice(0, 2000) });
  else if (before === 'paused') noteAlert(p, { type: 'trigger', workspaceId, konnectorId, state: 'resumed', reason: (reason ?? '').slice(0, 2000) });
}

interface Change {
  state: TriggerState;
  reason: string | null;
  nextAt?: Date | null;
  failures: number;
  connectionId?: string | null;
}

/**
 * Moves the trigger to `change.state` (reason, next attempt, failure count); a different state than
 * before also records a TriggerEvent and restarts "since". Returns the state it was in before.
 */
async function setTriggerState(p: Platform, workspaceId: string, konnectorId: string, change: Change, opts: { onlyFrom?: TriggerState } = {}): Promise<TriggerState | null> {
  const before = await p.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ state: TriggerState }[]>`
      SELECT "triggerState"::text AS "state" FROM "Konnector" WHERE "id" = ${konnectorId} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
    if (!row) return null;
    if (opts.onlyFrom && row.state !== opts.onlyFrom) return row.state;
    const changed = row.state !== change.state;
    const reason = change.reason?.slice(0, REASON_LIMIT) ?? null;
    await tx.konnector.update({
      where: { id: konnectorId },
      data: {
        triggerState: change.state,
        triggerReason: reason,
        triggerNextAt: change.nextAt ?? null,
        triggerFailures: change.failures,
        ...(change.connectionId !== undefined ? { triggerConnectionId: change.connectionId } : {}),
        ...(changed ? { triggerSince: new Date() } : {}),
      },
    });
    if (changed) await tx.triggerEvent.create({ data: { workspaceId, konnectorId, state: change.state, reason: reason ?? '' } });
    return row.state;
  });
  if (!opts.onlyFrom || before === opts.onlyFrom) noteTriggerChange(p, workspaceId, konnectorId, before, change.state, change.reason);
  return before;
}

export interface FailureOutcome {
  state: 'retrying' | 'paused';
  reason: string;
}

/**
 * A poll failed: auth failures pause at once (and mark the connection), retryable ones retry at the
 * next tick (`nextAt`), other errors retry until PAUSE_AFTER_FAILURES in a row, then pause.
 */
export async function recordTriggerFailure(p: Platform, target: TriggerTarget, err: unknown, opts: { failuresBefore: number; nextAt: Date }): Promise<FailureOutcome> {
  const reason = describeTriggerFailure(err, target.appName);
  const failures = opts.failuresBefore + 1;
  const auth = isAuthFailure(err);
  const retryable = err instanceof ConnectorError && err.retryable;
  const pause = auth || (!retryable && failures >= PAUSE_AFTER_FAILURES);
  if (auth && target.connectionId) await markConnectionNeedsAttention(p, target.workspaceId, target.connectionId, reason);
  else noteConnectionUse(p, target.workspaceId, target.connectionId, { ok: false, message: reason });
  if (!pause) {
    await setTriggerState(p, target.workspaceId, target.konnectorId, { state: 'retrying', reason, nextAt: opts.nextAt, failures });
    return { state: 'retrying', reason };
  }
  const advice = auth ? 'Fix the connection and test it: the trigger resumes by itself.' : 'Fix the trigger, then turn the konnector off and on.';
  const pausedReason = `${reason}. ${advice}`;
  await setTriggerState(p, target.workspaceId, target.konnectorId, { state: 'paused', reason: pausedReason, failures, connectionId: auth ? (target.connectionId ?? null) : null });
  await unregisterTrigger(p, target.konnectorId);
  p.log.warn(`konnector ${target.konnectorId}: trigger paused, ${reason}`);
  return { state: 'paused', reason: pausedReason };
}

/** A poll succeeded: a retrying (or paused) trigger is ok again. Nothing is written when it already was. */
export async function recordTriggerSuccess(p: Platform, workspaceId: string, konnectorId: string, stateBefore: TriggerState): Promise<void> {
  if (stateBefore === 'ok') return;
  await setTriggerState(p, workspaceId, konnectorId, { state: 'ok', reason: 'Polling works again', failures: 0, connectionId: null });
}

/** Activation and publishing start the trigger afresh (ok, no failures). */
export async function resetTriggerHealth(p: Platform, workspaceId: string, konnectorId: string, reason: string): Promise<void> {
  await setTriggerState(p, workspaceId, konnectorId, { state: 'ok', reason, failures: 0, connectionId: null });
}

/**
 * The connection works again (its test passed): every active konnector whose trigger was paused
 * because of it is ok again, and polls at once (the cursor stayed where the pause found it, so every
 * missed record runs once). The reconciler would restore the scheduler too; this does it now.
 * Returns the resumed konnectors' ids.
 */
export async function resumeTriggersFor(p: Platform, workspaceId: string, connectionId: string): Promise<string[]> {
  const paused = await p.db.konnector.findMany({
    where: { workspaceId, triggerState: 'paused', triggerConnectionId: connectionId },
    select: { id: true, status: true },
  });
  const resumed: string[] = [];
  for (const k of paused) {
    const before = await setTriggerState(p, workspaceId, k.id, { state: 'ok', reason: 'The connection works again: the trigger resumed', failures: 0, connectionId: null }, { onlyFrom: 'paused' });
    if (before !== 'paused' || k.status !== 'active') continue;
    resumed.push(k.id);
    await registerTrigger(p, workspaceId, k.id);
    await enqueue(p.queues, 'poll', { workspaceId, konnectorId: k.id }, { jobId: `resume-${k.id}-${Date.now()}` });
  }
  if (resumed.length > 0) p.log.info(`connection ${connectionId}: ${resumed.length} paused trigger(s) resumed`);
  return resumed;
}
