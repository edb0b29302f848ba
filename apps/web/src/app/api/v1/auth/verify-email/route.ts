import { TokenBody } from '@/lib/api-bodies';
import { currentSessionId } from '@/server/session';
import { sessionStore } from '@/server/account/sessions';
import { verifyEmail } from '@/server/account/verification';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

/** Uses a mailed verification link (sign-up) or new-address link (change of email). POSTed by the /verify-email page, never on GET. */
export const POST = route({
  access: 'public',
  body: TokenBody,
  summary: 'Verify an email address with the single-use token from the mail (also confirms a change of address)',
  errors: { 409: 'The new address belongs to another account now' },
  handle: async ({ db, body, client, req }) => verifyEmail(db, body.token, { sessions: sessionStore(), currentSid: await currentSessionId(req), client }),
});
