/** Workspaces: the caller's list, create (creator = owner), read and rename. */
import type { Db, Role } from '@konnect/db';
import type { WorkspaceBody } from '../../lib/api-bodies';
import type { Principal } from '../principal';
import type { WorkspaceScope } from '../workspace-scope';
import { audit } from '../audit/audit';
import { AppError } from '../errors';
import { workspaceSlug } from './slug';

export interface WorkspaceDto {
  id: string;
  name: string;
  slug: string;
  role: Role;
  createdAt: string;
}

export interface WorkspaceDetailDto extends WorkspaceDto {
  memberCount: number;
}

/** The workspaces the caller belongs to, oldest membership first (an API token sees only its own). */
export async function listMyWorkspaces(db: Db, principal: Principal): Promise<WorkspaceDto[]> {
  // Cross-workspace on purpose: the caller's own memberships, keyed by their user id.
  const memberships = await db.membership.findMany({
    where: { userId: principal.user.id, ...(principal.via === 'token' ? { workspaceId: principal.workspaceId } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { role: true, workspace: { select: { id: true, name: true, slug: true, createdAt: true } } },
  });
  return memberships.map(({ role, workspace }) => ({ ...workspace, role, createdAt: workspace.createdAt.toISOString() }));
}

export async function createWorkspace(db: Db, principal: Principal, body: WorkspaceBody): Promise<WorkspaceDto> {
  if (principal.via === 'token') throw new AppError('forbidden', 'API tokens belong to one workspace and cannot create workspaces');
  const workspace = await db.workspace.create({
    data: { name: body.name, slug: workspaceSlug(body.name), memberships: { create: { userId: principal.user.id, role: 'owner' } } },
    select: { id: true, name: true, slug: true, createdAt: true },
  });
  return { ...workspace, role: 'owner', createdAt: workspace.createdAt.toISOString() };
}

export async function getWorkspace(ws: WorkspaceScope): Promise<WorkspaceDetailDto> {
  const workspace = await ws.db.workspace.findUniqueOrThrow({
    where: { id: ws.workspaceId },
    select: { id: true, name: true, slug: true, createdAt: true, _count: { select: { memberships: true } } },
  });
  const { _count, ...rest } = workspace;
  return { ...rest, role: ws.role, createdAt: rest.createdAt.toISOString(), memberCount: _count.memberships };
}

export async function renameWorkspace(ws: WorkspaceScope, body: WorkspaceBody): Promise<WorkspaceDetailDto> {
  await ws.tenant.$transaction(async (tx) => {
    // Workspace is not a tenant table: addressed by the scope's own id.
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: ws.workspaceId }, select: { name: true } });
    await tx.workspace.update({ where: { id: ws.workspaceId }, data: { name: body.name } });
    if (before.name !== body.name) await audit(ws, { action: 'workspace.renamed', targetType: 'workspace', targetId: ws.workspaceId, targetLabel: body.name, details: { from: before.name, to: body.name } }, tx);
  });
  return getWorkspace(ws);
}
