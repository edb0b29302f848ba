/**
 * What the sign-up page shows for an invitation link (`/signup?invite=<token>`): the invited email
 * (prefilled) and the workspace's name, when the token matches a pending invitation. Signing up
 * does not join the workspace: after sign-up the form goes back to the invitation, which the
 * invitee accepts once their address is verified (workspaces/invitations.ts).
 */
import { z } from 'zod';
import { db } from '../services';
import { invitationForLink } from '../workspaces/invitations';

const Email = z.email().max(320);

export async function invitationForSignUp(token: string | undefined, email: string | undefined): Promise<{ email: string; workspaceName?: string; token?: string } | null> {
  const prefill = email && Email.safeParse(email).success ? email.toLowerCase() : undefined;
  if (token) {
    const found = await invitationForLink(db(), token);
    if (found?.status === 'pending') return { email: found.email, workspaceName: found.workspace.name, token };
  }
  return prefill ? { email: prefill } : null;
}
