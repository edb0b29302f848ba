/**
 * Invitations with consent. The mailed link (`/invitations/accept?token=…`) shows the workspace,
 * the role and who invited; the invitee must be signed in with the invited address, and that
 * address must be verified; pressing Accept creates the membership, marks the invitation accepted
 * (single use: one conditional UPDATE), audits `invitation.accepted` in the workspace with the
 * invitee as actor, tells its owners and admins in-app, and records an account event. Decline
 * likewise. The token is the credential to find the invitation; the verified address is the
 * proof that the person is the one invited.
 */
import type { Db, Role } from '@konnect/db';
import { notifyMemberEvent } from '@konnect/platform';
import { audit } from '../audit/audit';
import { actorOf } from '../audit/actor';
import type { ClientInfo } from '../client-ip';
import { AppError } from '../errors';
import type { Principal } from '../principal';
import { scoped } from '../tenant';
import type { WorkspaceScope } from '../workspace-scope';
import { recordAccountEvent } from '../account/account-events';
import { hashInvitationToken } from './invitation-mail';
import { invitationStatus, type InvitationStatus } from './invitation-status';

export interface InvitationView {
  email: string;
  role: Role;
  status: InvitationStatus;
  expiresAt: string;
  workspace: { id: string; name: string };
  inviter: string | null;
}

const TOKEN_SHAPE = /^[\w-]{20,100}$/;

async function findByToken(db: Db, token: string) {
  if (!TOKEN_SHAPE.test(token)) return null;
  // Looked up by the token's hash: the token is the credential, so this is global by nature.
  return db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { id: true, workspaceId: true, email: true, role: true, expiresAt: true, acceptedAt: true, declinedAt: true, revokedAt: true, invitedById: true, workspace: { select: { id: true, name: true } } },
  });
}

/** What the accept page shows for a link (null: not a valid link). */
export async function invitationForLink(db: Db, token: string): Promise<InvitationView | null> {
  const row = await findByToken(db, token);
  if (!row) return null;
  const inviter = row.invitedById ? await db.user.findUnique({ where: { id: row.invitedById }, select: { name: true, email: true } }) : null;
  return {
    email: row.email,
    role: row.role,
    status: invitationStatus(row),
    expiresAt: row.expiresAt.toISOString(),
    workspace: row.workspace,
    inviter: inviter ? `${inviter.name} (${inviter.email})` : null,
  };
}

const NOT_PENDING: Record<Exclude<InvitationStatus, 'pending'>, string> = {
  expired: 'This invitation has expired: ask the workspace admin for a new one.',
  accepted: 'This invitation was already accepted.',
  declined: 'This invitation was declined.',
  revoked: 'This invitation was revoked by the workspace.',
};

type Row = NonNullable<Awaited<ReturnType<typeof findByToken>>>;

/** The invitation behind `token`, checked for the caller: a session (not an API token), the invited address, verified, still pending. */
async function checkedInvitation(db: Db, principal: Principal, token: string): Promise<Row> {
  if (principal.via !== 'session') throw new AppError('forbidden', 'Invitations are answered by a signed-in person, not with an API token');
  const row = await findByToken(db, token);
  if (!row) throw new AppError('not_found', 'This invitation link is not valid', 'token');
  const status = invitationStatus(row);
  if (status !== 'pending') throw new AppError('conflict', NOT_PENDING[status], 'token');
  const user = await db.user.findUnique({ where: { id: principal.user.id }, select: { email: true, emailVerifiedAt: true } });
  if (!user || user.email !== row.email) {
    throw new AppError('forbidden', `This invitation is for ${row.email}, and you are signed in as ${user?.email ?? principal.user.email}. Sign in with the invited address to answer it.`, 'token');
  }
  if (!user.emailVerifiedAt) throw new AppError('forbidden', `Verify your email address (${user.email}) first: open the link we mailed you, then answer the invitation.`, 'token');
  return row;
}

/** The invitee acts in the inviting workspace for the audit log, with the role they are given. */
function inviteeScope(db: Db, principal: Principal, row: Row, client: ClientInfo): WorkspaceScope {
  return { workspaceId: row.workspaceId, userId: principal.user.id, role: row.role, db, tenant: scoped(db, row.workspaceId), actor: actorOf(principal, client) };
}

const stillPending = (row: Row, now: Date) => ({ id: row.id, tokenHash: { not: null }, acceptedAt: null, declinedAt: null, revokedAt: null, expiresAt: { gt: now } });

export async function acceptInvitation(db: Db, principal: Principal, token: string, client: ClientInfo): Promise<{ workspace: { id: string; name: string }; role: Role }> {
  const row = await checkedInvitation(db, principal, token);
  const ws = inviteeScope(db, principal, row, client);
  const now = new Date();
  await ws.tenant.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: stillPending(row, now), data: { acceptedAt: now, acceptedById: principal.user.id } });
    if (count !== 1) throw new AppError('conflict', 'This invitation was already answered or changed meanwhile.', 'token');
    const already = await tx.membership.findFirst({ where: { userId: principal.user.id }, select: { id: true } });
    const membership = already ?? (await tx.membership.create({ data: { workspaceId: row.workspaceId, userId: principal.user.id, role: row.role }, select: { id: true } }));
    await audit(ws, { action: 'invitation.accepted', targetType: 'member', targetId: membership.id, targetLabel: row.email, details: { role: row.role, invitationId: row.id, alreadyMember: Boolean(already) } }, tx);
    if (!already) await notifyMemberEvent(tx, { workspaceId: row.workspaceId, kind: 'invitation_accepted', who: { userId: principal.user.id, label: `${principal.user.name} (${row.email})` }, role: row.role });
  });
  await recordAccountEvent(db, { userId: principal.user.id, action: 'invitation.accepted', details: { workspaceId: row.workspaceId, workspaceName: row.workspace.name, role: row.role }, ip: client.ip, userAgent: client.userAgent });
  return { workspace: row.workspace, role: row.role };
}

export async function declineInvitation(db: Db, principal: Principal, token: string, client: ClientInfo): Promise<void> {
  const row = await checkedInvitation(db, principal, token);
  const ws = inviteeScope(db, principal, row, client);
  const now = new Date();
  await ws.tenant.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: stillPending(row, now), data: { declinedAt: now } });
    if (count !== 1) throw new AppError('conflict', 'This invitation was already answered or changed meanwhile.', 'token');
    await audit(ws, { action: 'invitation.declined', targetType: 'invitation', targetId: row.id, targetLabel: row.email, details: { role: row.role } }, tx);
  });
  await recordAccountEvent(db, { userId: principal.user.id, action: 'invitation.declined', details: { workspaceId: row.workspaceId, workspaceName: row.workspace.name, role: row.role }, ip: client.ip, userAgent: client.userAgent });
}
