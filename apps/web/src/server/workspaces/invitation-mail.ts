/**
 * The mail that goes with an invitation: an accept link (the sign-up page with the email
 * prefilled and the invitation's token) for a newcomer, a link to the workspace for someone added
 * directly. The caller learns what happened: queued (emailed), or unavailable (no mailer on this
 * instance: the link comes back so a person can send it themselves). Never silent.
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

export function acceptLink(email: string, token: string): string {
  const url = new URL('/signup', loadWebEnv().NEXTAUTH_URL);
  url.searchParams.set('invite', token);
  url.searchParams.set('email', email);
  return url.toString();
}

export function workspaceLink(workspaceId: string): string {
  return new URL(`/app/${encodeURIComponent(workspaceId)}/konnectors`, loadWebEnv().NEXTAUTH_URL).toString();
}

const UNAVAILABLE = 'Email is not set up on this instance';

export async function sendInvitationMail(ws: WorkspaceScope, to: { email: string; role: Role; link: string; existingAccount: boolean }): Promise<InviteMailResult> {
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
        existingAccount: to.existingAccount,
      },
    });
    if (queued.status === 'queued') return { status: 'queued', mailId: queued.id };
    return { status: 'unavailable', link: to.link, reason: UNAVAILABLE };
  } catch (err) {
    console.error(`invitation mail for workspace ${ws.workspaceId} could not be queued: ${errorMessage(err)}`);
    return { status: 'unavailable', link: to.link, reason: 'The invitation mail could not be queued' };
  }
}
