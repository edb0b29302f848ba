/**
 * The workspace audit log. A service calls `audit(ws, { action, targetType, targetId,
 * targetLabel, details })` after its change, inside the change's transaction where it has one
 * (pass the transaction client as the third argument). Who acted, their IP and user agent come
 * from `ws.actor`, which route() fills from the request. `details` hold names and non-secret
 * facts (which fields changed, old and new role), never the value of a secret.
 */
import type { ScopedDb } from '../tenant';
import type { WorkspaceScope } from '../workspace-scope';

export const AUDIT_ACTIONS = [
  'connection.created',
  'connection.updated',
  'connection.deleted',
  'connection.tested',
  'konnector.created',
  'konnector.deleted',
  'konnector.activated',
  'konnector.deactivated',
  'konnector.published',
  'konnector.restored',
  'konnector.imported',
  'member.invited',
  'member.role_changed',
  'member.removed',
  'invitation.revoked',
  'invitation.accepted',
  'invitation.declined',
  'token.created',
  'token.revoked',
  'workspace.renamed',
  'alerts.updated',
  'alerts.override_updated',
  'alerts.override_removed',
  'konnector.saved',
  'konnector.exported',
  'konnector.tested',
  'code.ran',
  'run.replayed',
  'run.resumed',
  'run.cancelled',
  'audit.exported',
  'workspace.security_updated',
  'storage.created',
  'storage.updated',
  'storage.deleted',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditTargetType = 'connection' | 'konnector' | 'member' | 'invitation' | 'token' | 'workspace' | 'run' | 'code' | 'audit_log' | 'storage_key';

export type AuditDetail = string | number | boolean | null | string[];

export interface AuditEntry {
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string | null;
  /** The target's name at the time (kept when it is renamed or deleted). */
  targetLabel: string;
  details?: Record<string, AuditDetail>;
}

/** The client to write with: the scope's own, or a transaction of it. */
export type AuditWriter = { auditEvent: ScopedDb['auditEvent'] };

const MAX_LABEL = 200;

export async function audit(ws: WorkspaceScope, entry: AuditEntry, db: AuditWriter = ws.tenant): Promise<void> {
  const { actor } = ws;
  await db.auditEvent.create({
    data: {
      workspaceId: ws.workspaceId,
      actorUserId: actor.userId,
      actorTokenId: actor.tokenId,
      actorLabel: actor.label.slice(0, MAX_LABEL),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetLabel: entry.targetLabel.slice(0, MAX_LABEL),
      details: entry.details ?? {},
      ip: actor.ip,
      userAgent: actor.userAgent,
    },
  });
}
