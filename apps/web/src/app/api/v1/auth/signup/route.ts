import { SignUpBody } from '@/lib/api-bodies';
import { authLimiter } from '@/server/account/rate-limit';
import { signUp } from '@/server/account/signup';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

/**
 * Creates the user, their own workspace (owner) and mails a verification link; for an address that
 * already has an account it creates nothing and mails that account instead. The answer is the same
 * either way. Limited per IP (429).
 */
export const POST = route({
  access: 'public',
  body: SignUpBody,
  status: 202,
  summary: 'Sign up: a user and their own workspace, and a verification mail (same answer for a taken address; rate limited per IP)',
  errors: { 429: 'Too many sign-ups from this address' },
  handle: ({ db, body, client }) => signUp(db, body, { limiter: authLimiter(), ip: client.ip, userAgent: client.userAgent }),
});
