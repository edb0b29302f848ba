import { ChangePasswordBody } from '@/lib/api-bodies';
import { accountGuard } from '@/server/account/account-limits';
import { changePassword } from '@/server/account/account-settings';
import { currentSessionId } from '@/server/session';
import { sessionStore } from '@/server/account/sessions';
import { route } from '@/server/handler';
import { sessionPrincipal } from '@/server/account/session-principal';

export const dynamic = 'force-dynamic';

/** Changes the signed-in person's password (the current one required); their other sessions end. */
export const POST = route({
  access: 'user',
  body: ChangePasswordBody,
  summary: 'Change your password (current password required); your other sessions are signed out',
  errors: { 429: 'Too many wrong current passwords' },
  handle: async ({ db, body, client, req, principal }) =>
    changePassword(db, body, { userId: sessionPrincipal(principal).user.id, sessions: sessionStore(), currentSid: await currentSessionId(req), client, guard: accountGuard(client.ip) }),
});
