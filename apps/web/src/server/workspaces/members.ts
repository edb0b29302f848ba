/**
 * Members of a workspace. Inviting an email with an account adds it directly; an email without
 * one gets a pending Invitation, accepted when that email signs up. A workspace always keeps at
 * least one owner.
 */
import type { Role } from '@konnect/db';
import { notifyMemberEvent } from '@konnect/platform';
import type { InviteBody, RoleBody } from '../../lib/api-bodies';
import { audit } from '../audit/audit';
import { AppError, notFound } from '../errors';
import { revokeMemberTokens } from '../tokens/tokens';
import type { WorkspaceScope } from '../workspace-scope';
import type { ScopedDb } from '../tenant';
import { acceptLink, newInvitationToken, sendInvitationMail, workspaceLink, type InviteMailResult } from './invitation-mail';

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
  createdAt: string;
  /** The invitation mail's status; null when none was queued (no mailer). */
  mailStatus: 'queued' | 'sending' | 'sent' | 'failed' | null;
}

const memberSelect = { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } } as const;

type MemberRow = { id: string; userId: string; role: Role; createdAt: Date; user: { name: string; email: string } };

function memberDto(ws: WorkspaceScope, m: MemberRow): MemberDto {
  return { id: m.id, userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, you: m.userId === ws.userId, createdAt: m.createdAt.toISOString() };
}

function invitationDto(i: { id: string; email: string; role: Role; createdAt: Date }, mailStatus: InvitationDto['mailStatus'] = null): InvitationDto {
  return { id: i.id, email: i.email, role: i.role, createdAt: i.createdAt.toISOString(), mailStatus };
}

export async function listMembers(ws: WorkspaceScope): Promise<{ members: MemberDto[]; invitations: InvitationDto[] }> {
  const [members, invitations] = await Promise.all([
    ws.tenant.membership.findMany({ select: memberSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    ws.tenant.invitation.findMany({ select: { id: true, email: true, role: true, createdAt: true, mailId: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  const mailIds = invitations.map((i) => i.mailId).filter((id): id is string => Boolean(id));
  const mails = mailIds.length ? await ws.tenant.mailMessage.findMany({ where: { id: { in: mailIds } }, select: { id: true, status: true } }) : [];
  const statusOf = new Map(mails.map((m) => [m.id, m.status]));
  return { members: members.map((m) => memberDto(ws, m)), invitations: invitations.map((i) => invitationDto(i, (i.mailId && statusOf.get(i.mailId)) || null)) };
}

/** `mail`: whether the invitation mail was queued, or the link to send by hand when this instance has no mailer. */
export type InviteResult = ({ kind: 'member'; member: MemberDto } | { kind: 'invitation'; invitation: InvitationDto }) & { mail: InviteMailResult };

export async function inviteMember(ws: WorkspaceScope, body: InviteBody): Promise<InviteResult> {
  if (body.role === 'owner' && ws.role !== 'owner') throw new AppError('forbidden', 'Only owners can add owners', 'role');
  // Looking the invitee up by email is global by nature: users are not tenant rows.
  const user = await ws.db.user.findUnique({ where: { email: body.email }, select: { id: true } });
  if (user) {
    if (await ws.tenant.membership.findFirst({ where: { userId: user.id }, select: { id: true } })) {
      throw new AppError('conflict', `${body.email} is already a member of this workspace`, 'email');
    }
    const member = await ws.tenant.$transaction(async (tx) => {
      const created = await tx.membership.create({ data: { workspaceId: ws.workspaceId, userId: user.id, role: body.role }, select: memberSelect });
      await audit(ws, { action: 'member.invited', targetType: 'member', targetId: created.id, targetLabel: created.user.email, details: { role: body.role, added: true } }, tx);
      await notifyMemberEvent(tx, { workspaceId: ws.workspaceId, kind: 'member_joined', who: { userId: user.id, label: `${created.user.name} (${created.user.email})` }, role: body.role });
      return created;
    });
    const mail = await sendInvitationMail(ws, { email: member.user.email, role: body.role, link: workspaceLink(ws.workspaceId), existingAccount: true });
    return { kind: 'member', member: memberDto(ws, member), mail };
  }
  if (await ws.tenant.invitation.findFirst({ where: { email: body.email }, select: { id: true } })) {
    throw new AppError('conflict', `${body.email} has already been invited`, 'email');
  }
  const { token, hash } = newInvitationToken();
  const invitation = await ws.tenant.$transaction(async (tx) => {
    const created = await tx.invitation.create({ data: { workspaceId: ws.workspaceId, email: body.email, role: body.role, tokenHash: hash } });
    await audit(ws, { action: 'member.invited', targetType: 'invitation', targetId: created.id, targetLabel: created.email, details: { role: body.role, added: false } }, tx);
    return created;
  });
  const mail = await sendInvitationMail(ws, { email: invitation.email, role: body.role, link: acceptLink(invitation.email, token), existingAccount: false });
  if (mail.status === 'queued') await ws.tenant.invitation.updateMany({ where: { id: invitation.id }, data: { mailId: mail.mailId } });
  return { kind: 'invitation', invitation: invitationDto(invitation, mail.status === 'queued' ? 'queued' : null), mail };
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

export async function cancelInvitation(ws: WorkspaceScope, invitationId: string): Promise<void> {
  await ws.tenant.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId }, select: { email: true, role: true } });
    const { count } = await tx.invitation.deleteMany({ where: { id: invitationId } });
    if (count === 0 || !invitation) throw notFound('Invitation');
    await audit(ws, { action: 'invitation.revoked', targetType: 'invitation', targetId: invitationId, targetLabel: invitation.email, details: { role: invitation.role } }, tx);
  });
}
