/**
 * The mail that goes with an invitation: the accept link (`/invitations/accept?token=…`, where the
 * invitee accepts or declines, signed in with the invited address), the same for everyone whether
 * or not the address has an account. The caller learns what happened: queued (emailed), or
 * unavailable (no mailer on this instance: the link comes back so a person can send it
 * themselves). Never silent.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@konnect/db';
import { errorMessage, queueMail } from '@konnect/platform';
import { loadWebEnv } from '../../env';
import { platform } from '../services';
import type { WorkspaceScope } from '../workspace-scope';

export type InviteMailResult =
  | { status: 'queued'; mailId: string }
  /** No mailer (or it could not be queued): `link` is for the inviter to send themselves. */
  | { status: 'unavailable'; link: string; reason: string };

export function newInvitationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** An invitation's link works this long after it was sent. */
export const INVITATION_TTL_DAYS = 7;
export const INVITATION_TTL_MS = INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000;

export function acceptLink(token: string): string {
  const url = new URL('/invitations/accept', loadWebEnv().NEXTAUTH_URL);
  url.searchParams.set('token', token);
  return url.toString();
}

const UNAVAILABLE = 'Email is not set up on this instance';

export async function sendInvitationMail(ws: WorkspaceScope, to: { email: string; role: Role; link: string }): Promise<InviteMailResult> {
  const [inviter, workspace] = await Promise.all([
    ws.db.user.findUnique({ where: { id: ws.userId }, select: { name: true, email: true } }),
    ws.db.workspace.findUnique({ where: { id: ws.workspaceId }, select: { name: true } }),
  ]);
  try {
    const queued = await queueMail(platform(), {
      to: [to.email],
      workspaceId: ws.workspaceId,
      template: 'invitation',
      data: {
        workspaceName: workspace?.name ?? 'a workspace',
        inviterName: inviter?.name || inviter?.email || 'A colleague',
        ...(inviter?.email ? { inviterEmail: inviter.email } : {}),
        role: to.role,
        acceptUrl: to.link,
        expiresInDays: INVITATION_TTL_DAYS,
      },
    });
    if (queued.status === 'queued') return { status: 'queued', mailId: queued.id };
    return { status: 'unavailable', link: to.link, reason: UNAVAILABLE };
  } catch (err) {
    console.error(`invitation mail for workspace ${ws.workspaceId} could not be queued: ${errorMessage(err)}`);
    return { status: 'unavailable', link: to.link, reason: 'The invitation mail could not be queued' };
  }
}
