import { TokenBody } from '@/lib/api-bodies';
import { route } from '@/server/handler';
import { declineInvitation } from '@/server/workspaces/invitations';

export const dynamic = 'force-dynamic';

/** Declines an invitation (signed in with the invited, verified address). */
export const POST = route({
  access: 'user',
  body: TokenBody,
  summary: 'Decline an invitation (signed in with the invited, verified address)',
  errors: { 409: 'The invitation is expired, revoked or already answered' },
  handle: async ({ db, body, client, principal }) => {
    await declineInvitation(db, principal, body.token, client);
  },
});
