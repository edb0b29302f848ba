import { ForgotPasswordBody } from '@/lib/api-bodies';
import { accountGuard } from '@/server/account/account-limits';
import { requestPasswordReset } from '@/server/account/password-reset';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

/** "Forgot password?": the same answer whether or not the address has an account; a reset link is mailed when it does. */
export const POST = route({
  access: 'public',
  body: ForgotPasswordBody,
  status: 202,
  summary: 'Ask for a password reset link (same answer for every address; limited per address and IP)',
  errors: { 429: 'Too many requests for this address or from this IP' },
  handle: ({ db, body, client }) => requestPasswordReset(db, body.email, accountGuard(client.ip), client),
});
