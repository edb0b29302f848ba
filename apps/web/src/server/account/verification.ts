/**
 * Proving an address: the link of a `verify_email` token (sign-up) marks the account verified; the
 * link of a `change_email` token switches the account to the new address (verified by that very
 * link) and signs out the account's other sessions. A signed-in, unverified person can ask for a
 * new link (limited per address and IP).
 */
import { Prisma, type Db } from '@konnect/db';
import type { ClientInfo } from '../client-ip';
import { AppError } from '../errors';
import { limitAccountMail, type AccountGuard } from './account-limits';
import { sendVerificationMail } from './account-mail';
import { recordAccountEvent } from './account-events';
import { consumeAccountToken, issueAccountToken } from './account-tokens';
import { revokeUserSessions, type SessionStore } from './sessions';

export interface VerifiedEmail {
  email: string;
  /** True when the link changed the account's address. */
  changed: boolean;
}

export async function verifyEmail(db: Db, token: string, ctx: { sessions: SessionStore; currentSid: string | null; client: ClientInfo }): Promise<VerifiedEmail> {
  const used = await db.$transaction(async (tx) => {
    const t = await consumeAccountToken(tx, token, ['verify_email', 'change_email']);
    const user = await tx.user.findUnique({ where: { id: t.userId }, select: { email: true, emailVerifiedAt: true } });
    if (!user) throw new AppError('bad_request', 'This link is not valid. Ask for a new one.', 'token');
    if (t.kind === 'verify_email') {
      if (user.email !== t.email) throw new AppError('bad_request', 'This link was sent to an address your account no longer uses.', 'token');
      await tx.user.update({ where: { id: t.userId }, data: { emailVerifiedAt: user.emailVerifiedAt ?? new Date() } });
      return { userId: t.userId, email: t.email, changed: false, from: user.email };
    }
    try {
      await tx.user.update({ where: { id: t.userId }, data: { email: t.email, emailVerifiedAt: new Date() } });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new AppError('conflict', 'This address is used by another account now: it cannot be yours.', 'token');
      throw err;
    }
    return { userId: t.userId, email: t.email, changed: true, from: user.email };
  });
  if (used.changed) {
    await revokeUserSessions(ctx.sessions, used.userId, { reason: 'email_changed', ...(ctx.currentSid ? { except: ctx.currentSid } : {}) });
    await recordAccountEvent(db, { userId: used.userId, action: 'email.changed', details: { from: used.from, to: used.email }, ip: ctx.client.ip, userAgent: ctx.client.userAgent });
  } else {
    await recordAccountEvent(db, { userId: used.userId, action: 'email.verified', details: { email: used.email }, ip: ctx.client.ip, userAgent: ctx.client.userAgent });
  }
  return { email: used.email, changed: used.changed };
}

export async function isEmailVerified(db: Db, userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  return Boolean(user?.emailVerifiedAt);
}

/** A fresh verification link for the signed-in person (the older ones stop working). */
export async function resendVerification(db: Db, userId: string, guard: AccountGuard): Promise<{ status: 'sent' | 'already_verified'; email: string }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, emailVerifiedAt: true } });
  if (!user) throw new AppError('unauthorized', 'Sign in again');
  if (user.emailVerifiedAt) return { status: 'already_verified', email: user.email };
  await limitAccountMail(guard, 'verify', user.email);
  const { token } = await issueAccountToken(db, { userId: user.id, kind: 'verify_email', email: user.email });
  if (!(await sendVerificationMail(user, token))) throw new AppError('unavailable', 'The verification mail could not be sent: this instance has no working mailer. Try again later.');
  return { status: 'sent', email: user.email };
}
