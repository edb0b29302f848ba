import { ChangeEmailBody } from '@/lib/api-bodies';
import { accountGuard } from '@/server/account/account-limits';
import { requestEmailChange } from '@/server/account/account-settings';
import { currentSessionId } from '@/server/session';
import { sessionStore } from '@/server/account/sessions';
import { route } from '@/server/handler';
import { sessionPrincipal } from '@/server/account/session-principal';

export const dynamic = 'force-dynamic';

/** Asks to change the signed-in person's address (password required): the change happens when the link mailed to the new address is used. */
export const POST = route({
  access: 'user',
  body: ChangeEmailBody,
  status: 202,
  summary: 'Change your email address (password required; confirmed by a link mailed to the new address)',
  errors: { 429: 'Too many requests', 503: 'No mailer on this instance' },
  handle: async ({ db, body, client, req, principal }) =>
    requestEmailChange(db, body, { userId: sessionPrincipal(principal).user.id, sessions: sessionStore(), currentSid: await currentSessionId(req), client, guard: accountGuard(client.ip) }),
});
