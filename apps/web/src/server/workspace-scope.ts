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
        select: { role: true },
      });
  if (!membership) throw new AppError('not_found', 'Workspace not found');
  if (!atLeast(membership.role, needed)) {
    throw new AppError('forbidden', `Only ${WHO[needed]} of this workspace can do this (you are ${ROLE_NAMES[membership.role]})`);
  }
  return { workspaceId, userId: principal.user.id, role: membership.role, db, tenant: scoped(db, workspaceId), actor: actorOf(principal, client) };
}
