import type { Db, Role } from '@konnect/db';
import { actorOf, NO_CLIENT, type Actor } from './audit/actor';
import type { ClientInfo } from './client-ip';
import { AppError } from './errors';
import type { Principal } from './principal';
import { atLeast } from './roles';
import { scoped, type ScopedDb } from './tenant';

/** What every workspace service gets first: who acts, in which workspace, with which role. */
export interface WorkspaceScope {
  workspaceId: string;
  userId: string;
  role: Role;
  /** Unscoped client, for tables that are not tenant tables (users). */
  db: Db;
  /** The same client limited to this workspace's rows: use it for every tenant table. */
  tenant: ScopedDb;
  /** Who acts and from where, for the audit log (audit/audit.ts). */
  actor: Actor;
}

const WHO: Record<Role, string> = { member: 'members', admin: 'admins and owners', owner: 'owners' };
const ROLE_NAMES: Record<Role, string> = { member: 'a member', admin: 'an admin', owner: 'an owner' };

/** 403 for a member without two-factor sign-in in a workspace that requires it (the page shows the same advice). */
export function twoFactorRequired(workspaceId: string): AppError {
  return new AppError('forbidden', `This workspace requires two-factor sign-in. Turn it on in your account settings (/app/${workspaceId}/account), then try again.`);
}

/**
 * The caller's membership of `workspaceId`, checked against `needed`. Not a member (or an API
 * token of another workspace) → 404, so other workspaces' ids reveal nothing; a member without
 * the role → 403.
 */
export async function resolveWorkspace(db: Db, principal: Principal, workspaceId: string, needed: Role, client: ClientInfo = NO_CLIENT): Promise<WorkspaceScope> {
  const wrongToken = principal.via === 'token' && principal.workspaceId !== workspaceId;
  const membership = wrongToken
    ? null
    : await db.membership.findUnique({
        // Membership lookup by the caller's own (userId, workspaceId) key: this is the scoping check itself.
        where: { userId_workspaceId: { userId: principal.user.id, workspaceId } },
        select: { role: true, workspace: { select: { requireTwoFactor: true } }, user: { select: { twoFactor: { select: { enabledAt: true } } } } },
      });
  if (!membership) throw new AppError('not_found', 'Workspace not found');
  // An owner can require two-factor sign-in: a member signed in without it is refused here, the one
  // place every workspace route passes. API tokens keep working: a member made them (with a session,
  // so with 2FA once it is required), they carry no password to phish, and admins revoke them.
  if (membership.workspace.requireTwoFactor && principal.via === 'session' && !membership.user.twoFactor?.enabledAt) throw twoFactorRequired(workspaceId);
  if (!atLeast(membership.role, needed)) {
    throw new AppError('forbidden', `Only ${WHO[needed]} of this workspace can do this (you are ${ROLE_NAMES[membership.role]})`);
  }
  return { workspaceId, userId: principal.user.id, role: membership.role, db, tenant: scoped(db, workspaceId), actor: actorOf(principal, client) };
}
