/**
 * Sign-up. The answer is the same whether or not the address already has an account ("check your
 * inbox"), so sign-up does not tell a visitor which addresses are registered:
 * - a new address: a user and their own workspace ("<Name>'s workspace", owner) in one
 *   transaction, a `sign_up` account event and a verification mail. The account works at once in
 *   its own workspace; it joins other workspaces only by accepting an invitation once verified.
 *   Without a mailer (no SMTP_URL) there is no way to prove an address: it counts as verified.
 * - an address with an account: nothing is created; the account's owner gets a mail ("someone
 *   tried to sign up with your address", at most ACCOUNT_MAILS_PER_ADDRESS a window) and the
 *   visitor no session.
 * Both paths hash the password, so they take about as long. Pending invitations are NOT accepted
 * here: that takes the invitee's consent (workspaces/invitations.ts).
 */
import { hashPassword, Prisma, type Db } from '@konnect/db';
import type { SignUpBody } from '../../lib/api-bodies';
import { rateLimited } from '../errors';
import { workspaceSlug } from '../workspaces/slug';
import { accountGuard, withinAddressLimit, type AccountGuard } from './account-limits';
import { canMail, sendSignUpAttemptNotice, sendVerificationMail } from './account-mail';
import { recordAccountEvent } from './account-events';
import { issueAccountToken } from './account-tokens';
import { enforce, hit, limitKey, TooManyAttempts, type Limiter } from './rate-limit';

export const SIGN_UP_ANSWER = { status: 'check_inbox', message: 'Check your inbox: we sent a mail to verify your email address.' } as const;
export type SignUpAnswer = typeof SIGN_UP_ANSWER;

/** Who is signing up, for the per-IP limit (SIGNUPS_PER_IP per SIGNUP_WINDOW_SECONDS; an unknown IP is not counted). */
export interface SignUpGuard {
  limiter: Limiter;
  ip: string | null;
  userAgent?: string | null;
  /** Limits on the notice mail to an existing account; default: from the environment. */
  mail?: AccountGuard;
}

async function countSignUp(guard: SignUpGuard): Promise<void> {
  if (!guard.ip) return;
  try {
    enforce([await hit(guard.limiter, limitKey(guard.limiter, 'signup', 'ip', guard.ip), guard.limiter.limits.signupPerIp)]);
  } catch (err) {
    if (err instanceof TooManyAttempts) throw rateLimited(err.retryAfterSeconds);
    throw err;
  }
}

async function tellExistingAccount(db: Db, email: string, guard: SignUpGuard): Promise<void> {
  const existing = await db.user.findUnique({ where: { email }, select: { name: true, email: true } });
  if (!existing) return;
  if (await withinAddressLimit(guard.mail ?? accountGuard(guard.ip), 'signup-notice', email)) await sendSignUpAttemptNotice(existing);
}

export async function signUp(db: Db, body: SignUpBody, guard: SignUpGuard): Promise<SignUpAnswer> {
  await countSignUp(guard);
  const taken = await db.user.findUnique({ where: { email: body.email }, select: { id: true } });
  const passwordHash = await hashPassword(body.password);
  if (taken) {
    await tellExistingAccount(db, body.email, guard);
    return SIGN_UP_ANSWER;
  }
  const workspaceName = `${body.name}'s workspace`;
  const mailer = canMail();
  let created: { user: { id: string; name: string; email: string }; token: string };
  try {
    created = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { name: body.name, email: body.email, passwordHash, emailVerifiedAt: mailer ? null : new Date() },
        select: { id: true, name: true, email: true },
      });
      await tx.workspace.create({ data: { name: workspaceName, slug: workspaceSlug(workspaceName), memberships: { create: { userId: user.id, role: 'owner' } } } });
      const { token } = await issueAccountToken(tx, { userId: user.id, kind: 'verify_email', email: user.email });
      return { user, token };
    });
  } catch (err) {
    // Two sign-ups with the same address at once: the unique index decides; the loser hears the same answer.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      await tellExistingAccount(db, body.email, guard);
      return SIGN_UP_ANSWER;
    }
    throw err;
  }
  await recordAccountEvent(db, { userId: created.user.id, action: 'sign_up', details: { verified: !mailer }, ip: guard.ip, userAgent: guard.userAgent ?? null });
  if (mailer) await sendVerificationMail(created.user, created.token);
  return SIGN_UP_ANSWER;
}
