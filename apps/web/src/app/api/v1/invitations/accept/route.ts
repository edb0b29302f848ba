import { TokenBody } from '@/lib/api-bodies';
import { route } from '@/server/handler';
import { acceptInvitation } from '@/server/workspaces/invitations';

export const dynamic = 'force-dynamic';

/** Accepts an invitation: signed in with the invited address, verified; the token is single-use and expires after 7 days. */
export const POST = route({
  access: 'user',
  body: TokenBody,
  summary: 'Accept an invitation (signed in with the invited, verified address)',
  errors: { 409: 'The invitation is expired, revoked or already answered' },
  handle: ({ db, body, client, principal }) => acceptInvitation(db, principal, body.token, client),
});
