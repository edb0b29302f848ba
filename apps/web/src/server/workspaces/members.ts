/**
 * Members of a workspace, and its invitations. Inviting an email never adds anyone: it makes (or
 * renews) a pending Invitation with a mailed link, and the invitee joins by accepting it
 * (invitations.ts). The answer is the same whether or not the address has an account, and names
 * no one. Invitations stay listed with their status (pending, expired, accepted, declined,
 * revoked); re-inviting an address that is not pending renews its row with a fresh token. A
 * workspace always keeps at least one owner.
 */
import type { Role } from '@konnect/db';
import type { InviteBody, RoleBody } from '../../lib/api-bodies';
import { audit } from '../audit/audit';
import { AppError, notFound } from '../errors';
import { revokeMemberTokens } from '../tokens/tokens';
import type { WorkspaceScope } from '../workspace-scope';
import type { ScopedDb } from '../tenant';
import { acceptLink, INVITATION_TTL_MS, newInvitationToken, sendInvitationMail, type InviteMailResult } from './invitation-mail';
import { invitationStatus, type InvitationStatus } from './invitation-status';

export interface MemberDto {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  you: boolean;
  createdAt: string;
}

export interface InvitationDto {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  createdAt: string;
  /** When the current link was sent, and when it stops working. */
  sentAt: string;
  expiresAt: string;
  /** The invitation mail's status; null when none was queued (no mailer). */
  mailStatus: 'queued' | 'sending' | 'sent' | 'failed' | null;
}

const memberSelect = { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } } as const;

type MemberRow = { id: string; userId: string; role: Role; createdAt: Date; user: { name: string; email: string } };

function memberDto(ws: WorkspaceScope, m: MemberRow): MemberDto {
  return { id: m.id, userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, you: m.userId === ws.userId, createdAt: m.createdAt.toISOString() };
}

const invitationSelect = { id: true, email: true, role: true, createdAt: true, sentAt: true, expiresAt: true, acceptedAt: true, declinedAt: true, revokedAt: true, mailId: true } as const;

type InvitationRow = { id: string; email: string; role: Role; createdAt: Date; sentAt: Date; expiresAt: Date; acceptedAt: Date | null; declinedAt: Date | null; revokedAt: Date | null };

function invitationDto(i: InvitationRow, mailStatus: InvitationDto['mailStatus'] = null, now = new Date()): InvitationDto {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    status: invitationStatus(i, now),
    createdAt: i.createdAt.toISOString(),
    sentAt: i.sentAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    mailStatus,
  };
}

export async function listMembers(ws: WorkspaceScope): Promise<{ members: MemberDto[]; invitations: InvitationDto[] }> {
  const [members, invitations] = await Promise.all([
    ws.tenant.membership.findMany({ select: memberSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    ws.tenant.invitation.findMany({ select: invitationSelect, orderBy: [{ sentAt: 'desc' }, { id: 'asc' }] }),
  ]);
  const mailIds = invitations.map((i) => i.mailId).filter((id): id is string => Boolean(id));
  const mails = mailIds.length ? await ws.tenant.mailMessage.findMany({ where: { id: { in: mailIds } }, select: { id: true, status: true } }) : [];
  const statusOf = new Map(mails.map((m) => [m.id, m.status]));
  return { members: members.map((m) => memberDto(ws, m)), invitations: invitations.map((i) => invitationDto(i, (i.mailId && statusOf.get(i.mailId)) || null)) };
}

/** `mail`: whether the invitation mail was queued, or the link to send by hand when this instance has no mailer. */
export type InviteResult = { kind: 'invitation'; invitation: InvitationDto; mail: InviteMailResult };

export async function inviteMember(ws: WorkspaceScope, body: InviteBody): Promise<InviteResult> {
  if (body.role === 'owner' && ws.role !== 'owner') throw new AppError('forbidden', 'Only owners can add owners', 'role');
  // Already a member of THIS workspace (admins see the member list anyway): nothing to invite.
  const member = await ws.tenant.membership.findFirst({ where: { user: { email: body.email } }, select: { id: true } });
  if (member) throw new AppError('conflict', `${body.email} is already a member of this workspace`, 'email');
  const now = new Date();
  const existing = await ws.tenant.invitation.findFirst({ where: { email: body.email }, select: invitationSelect });
  if (existing && invitationStatus(existing, now) === 'pending') throw new AppError('conflict', `${body.email} has already been invited (the link works until ${existing.expiresAt.toISOString().slice(0, 10)})`, 'email');
  const { token, hash } = newInvitationToken();
  const fresh = {
    role: body.role,
    tokenHash: hash,
    sentAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    invitedById: ws.userId,
    acceptedAt: null,
    acceptedById: null,
    declinedAt: null,
    revokedAt: null,
    mailId: null,
  };
  const invitation = await ws.tenant.$transaction(async (tx) => {
    const row = existing
      ? await tx.invitation.update({ where: { id: existing.id }, data: fresh, select: invitationSelect })
      : await tx.invitation.create({ data: { workspaceId: ws.workspaceId, email: body.email, ...fresh }, select: invitationSelect });
    await audit(ws, { action: 'member.invited', targetType: 'invitation', targetId: row.id, targetLabel: row.email, details: { role: body.role, renewed: Boolean(existing) } }, tx);
    return row;
  });
  const mail = await sendInvitationMail(ws, { email: invitation.email, role: body.role, link: acceptLink(token) });
  if (mail.status === 'queued') await ws.tenant.invitation.updateMany({ where: { id: invitation.id }, data: { mailId: mail.mailId } });
  return { kind: 'invitation', invitation: invitationDto(invitation, mail.status === 'queued' ? 'queued' : null, now), mail };
}

/** Locks the workspace row for the rest of the transaction: owner counts cannot race. */
async function lockWorkspace(tx: Pick<ScopedDb, '$queryRaw'>, workspaceId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${workspaceId} FOR UPDATE`;
}

const lastOwner = () => new AppError('conflict', 'A workspace needs at least one owner: make someone else an owner first');

export async function changeMemberRole(ws: WorkspaceScope, memberId: string, body: RoleBody): Promise<MemberDto> {
  return ws.tenant.$transaction(async (tx) => {
    await lockWorkspace(tx, ws.workspaceId);
    const target = await tx.membership.findFirst({ where: { id: memberId }, select: { id: true, role: true } });
    if (!target) throw notFound('Member');
    if (target.role === 'owner' && body.role !== 'owner' && (await tx.membership.count({ where: { role: 'owner' } })) <= 1) throw lastOwner();
    const updated = await tx.membership.update({ where: { id: memberId }, data: { role: body.role }, select: memberSelect });
    await audit(ws, { action: 'member.role_changed', targetType: 'member', targetId: memberId, targetLabel: updated.user.email, details: { from: target.role, to: body.role } }, tx);
    return memberDto(ws, updated);
  });
}

/**
 * Owners remove anyone; admins remove members and admins, never owners; anyone may leave
 * (remove themselves). The last owner cannot go. Their API tokens here are revoked with them.
 */
export async function removeMember(ws: WorkspaceScope, memberId: string): Promise<void> {
  await ws.tenant.$transaction(async (tx) => {
    await lockWorkspace(tx, ws.workspaceId);
    const target = await tx.membership.findFirst({ where: { id: memberId }, select: { id: true, role: true, userId: true, user: { select: { email: true } } } });
    if (!target) throw notFound('Member');
    const self = target.userId === ws.userId;
    if (!self && ws.role === 'member') throw new AppError('forbidden', 'Only admins and owners can remove members');
    if (!self && ws.role === 'admin' && target.role === 'owner') throw new AppError('forbidden', 'Admins cannot remove owners');
    if (target.role === 'owner' && (await tx.membership.count({ where: { role: 'owner' } })) <= 1) throw lastOwner();
    await tx.membership.delete({ where: { id: memberId } });
    const tokensRevoked = await revokeMemberTokens(tx, target.userId);
    await audit(ws, { action: 'member.removed', targetType: 'member', targetId: memberId, targetLabel: target.user.email, details: { role: target.role, left: self, tokensRevoked } }, tx);
  });
}

/** Revokes an invitation: its link stops working; the row stays, listed as revoked. */
export async function cancelInvitation(ws: WorkspaceScope, invitationId: string): Promise<void> {
  await ws.tenant.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId }, select: invitationSelect });
    if (!invitation) throw notFound('Invitation');
    const status = invitationStatus(invitation);
    if (status !== 'pending' && status !== 'expired') throw new AppError('conflict', `This invitation is ${status} already: there is nothing to revoke`);
    const { count } = await tx.invitation.updateMany({ where: { id: invitationId, acceptedAt: null, declinedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw new AppError('conflict', 'This invitation changed meanwhile: reload the list');
    await audit(ws, { action: 'invitation.revoked', targetType: 'invitation', targetId: invitationId, targetLabel: invitation.email, details: { role: invitation.role } }, tx);
  });
}
