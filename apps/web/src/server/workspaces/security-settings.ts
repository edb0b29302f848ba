/**
 * Settings → Security: whether members must use two-factor sign-in, and how long the audit log is
 * kept. Everyone in the workspace may read them; owners change them. Requiring two-factor sign-in
 * needs the owner's own account to have it (an owner cannot lock themself out by accident), and
 * the answer says how many members do not have it yet (they get a page telling them to set it up).
 */
import type { WorkspaceSecurityBody } from '../../lib/api-bodies';
import { hasTwoFactor } from '../account/two-factor';
import { audit } from '../audit/audit';
import { AppError } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';

export interface WorkspaceSecurityDto {
  requireTwoFactor: boolean;
  auditRetentionDays: number;
  /** Members of this workspace whose account has no two-factor sign-in. */
  membersWithoutTwoFactor: number;
}

export async function getWorkspaceSecurity(ws: WorkspaceScope): Promise<WorkspaceSecurityDto> {
  // Workspace is not a tenant table: addressed by the scope's own id.
  const row = await ws.db.workspace.findUniqueOrThrow({ where: { id: ws.workspaceId }, select: { requireTwoFactor: true, auditRetentionDays: true } });
  const membersWithoutTwoFactor = await ws.tenant.membership.count({ where: { user: { OR: [{ twoFactor: null }, { twoFactor: { enabledAt: null } }] } } });
  return { ...row, membersWithoutTwoFactor };
}

export async function updateWorkspaceSecurity(ws: WorkspaceScope, body: WorkspaceSecurityBody): Promise<WorkspaceSecurityDto> {
  if (body.requireTwoFactor && !(await hasTwoFactor(ws.db, ws.userId))) {
    throw new AppError('bad_request', 'requireTwoFactor: Turn on two-factor sign-in for your own account first (Your account → Two-factor sign-in)', 'requireTwoFactor');
  }
  await ws.tenant.$transaction(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: ws.workspaceId }, select: { requireTwoFactor: true, auditRetentionDays: true, name: true } });
    const after = { requireTwoFactor: body.requireTwoFactor ?? before.requireTwoFactor, auditRetentionDays: body.auditRetentionDays ?? before.auditRetentionDays };
    const changed = (['requireTwoFactor', 'auditRetentionDays'] as const).filter((k) => after[k] !== before[k]);
    if (!changed.length) return;
    await tx.workspace.update({ where: { id: ws.workspaceId }, data: after });
    await audit(ws, { action: 'workspace.security_updated', targetType: 'workspace', targetId: ws.workspaceId, targetLabel: before.name, details: { changed, ...after } }, tx);
  });
  return getWorkspaceSecurity(ws);
}
