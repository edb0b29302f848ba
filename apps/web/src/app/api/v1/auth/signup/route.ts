import { SignUpBody } from '@/lib/api-bodies';
import { authLimiter } from '@/server/account/rate-limit';
import { signUp } from '@/server/account/signup';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

/** Creates the user and their own workspace (owner); accepts pending invitations for the email. Limited per IP (429). */
export const POST = route({
  access: 'public',
  body: SignUpBody,
  status: 201,
  summary: 'Sign up: a user and their own workspace (rate limited per IP)',
  handle: ({ db, body, client }) => signUp(db, body, { limiter: authLimiter(), ip: client.ip }),
});
