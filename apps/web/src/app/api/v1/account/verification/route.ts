import { accountGuard } from '@/server/account/account-limits';
import { sessionPrincipal } from '@/server/account/session-principal';
import { resendVerification } from '@/server/account/verification';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

/** Mails the signed-in, unverified person a fresh verification link (older links stop working). */
export const POST = route({
  access: 'user',
  status: 202,
  summary: 'Resend the verification mail (limited per address and IP)',
  errors: { 429: 'Too many requests', 503: 'No mailer on this instance' },
  handle: ({ db, client, principal }) => resendVerification(db, sessionPrincipal(principal).user.id, accountGuard(client.ip)),
});
