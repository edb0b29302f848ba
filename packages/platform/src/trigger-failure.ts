/**
 * A trigger whose connection the app refuses (401/403): the connection is marked
 * `needs_attention` with the app's message, the konnector carries `triggerError` (both shown in
 * the UI), and its poll scheduler is removed, so nothing retries until the user re-activates.
 */
import { ConnectorError } from '@konnect/sdk';
import type { Platform } from './platform';
import { removeScheduler } from './queues';
import { pollSchedulerId } from './triggers';

export function isAuthFailure(err: unknown): err is ConnectorError {
  return err instanceof ConnectorError && (err.kind === 'auth' || err.kind === 'forbidden');
}

export async function markConnectionNeedsAttention(p: Platform, workspaceId: string, connectionId: string, message: string): Promise<void> {
  await p.db.connection.updateMany({
    where: { id: connectionId, workspaceId },
    data: { status: 'needs_attention', statusMessage: message.slice(0, 1000), lastCheckedAt: new Date() },
  });
}

export async function stopTriggerForAuth(
  p: Platform,
  target: { workspaceId: string; konnectorId: string; connectionId: string | undefined },
  err: ConnectorError,
): Promise<void> {
  const message = `The app refused the connection (${err.status ?? err.kind}): ${err.message}`;
  if (target.connectionId) await markConnectionNeedsAttention(p, target.workspaceId, target.connectionId, message);
  await p.db.konnector.updateMany({
    where: { id: target.konnectorId, workspaceId: target.workspaceId },
    data: { triggerError: `${message}. Fix the connection, then turn the konnector on again.`.slice(0, 1000) },
  });
  await removeScheduler(p.queues, 'poll', pollSchedulerId(target.konnectorId));
  p.log.warn(`konnector ${target.konnectorId}: polling stopped, ${message}`);
}
