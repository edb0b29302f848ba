/**
 * What the sign-up page shows for an invitation link: the invited email (prefilled) and, when the
 * link's token matches a pending invitation, the workspace's name. An unknown or stale token shows
 * nothing more than the email in the link. Signing up with that email accepts every pending
 * invitation for it (signup.ts), as before.
 */
import { z } from 'zod';
import { db } from '../services';
import { hashInvitationToken } from '../workspaces/invitation-mail';

const Email = z.email().max(320);

export async function invitationForSignUp(token: string | undefined, email: string | undefined): Promise<{ email: string; workspaceName?: string } | null> {
  const prefill = email && Email.safeParse(email).success ? email.toLowerCase() : undefined;
  if (token && /^[\w-]{20,100}$/.test(token)) {
    // Looked up by the token's hash: the token is the credential, so this is global by nature.
    const found = await db().invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) }, select: { email: true, workspace: { select: { name: true } } } });
    if (found) return { email: found.email, workspaceName: found.workspace.name };
  }
  return prefill ? { email: prefill } : null;
}
