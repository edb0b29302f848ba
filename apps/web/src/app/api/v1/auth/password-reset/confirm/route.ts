import { ResetPasswordBody } from '@/lib/api-bodies';
import { resetPassword } from '@/server/account/password-reset';
import { sessionStore } from '@/server/account/sessions';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

/** Sets a new password with the single-use token from the reset mail (30 min); signs out every session. */
export const POST = route({
  access: 'public',
  body: ResetPasswordBody,
  summary: 'Set a new password with the reset token; every session of the account ends',
  handle: ({ db, body, client }) => resetPassword(db, body.token, body.password, { sessions: sessionStore(), client }),
});
