import { SignUpBody } from '@/lib/api-bodies';
import { signUp } from '@/server/account/signup';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

/** Creates the user and their own workspace (owner); accepts pending invitations for the email. */
export const POST = route({ access: 'public', body: SignUpBody, status: 201, handle: ({ db, body }) => signUp(db, body) });
