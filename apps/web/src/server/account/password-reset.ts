/**
 * "Forgot password?": a request always gets the same answer, whether or not the address has an
 * account (limited per address and per IP, counted the same either way). An account gets a mail
 * with a single-use link valid 30 minutes; using it sets the new password, counts as proof of the
 * address (verifies it), signs out every session and records `password.reset`.
 */
import { hashPassword, type Db } from '@konnect/db';
import type { ClientInfo } from '../client-ip';
import { AppError } from '../errors';
import { limitAccountMail, type AccountGuard } from './account-limits';
import { sendPasswordChangedNotice, sendResetMail } from './account-mail';
import { recordAccountEvent } from './account-events';
import { consumeAccountToken, issueAccountToken } from './account-tokens';
import { revokeUserSessions, type SessionStore } from './sessions';

export const RESET_ANSWER = { status: 'check_inbox', message: 'If an account uses this address, we sent it a link to reset the password. The link works for 30 minutes.' } as const;
export type ResetAnswer = typeof RESET_ANSWER;

export async function requestPasswordReset(db: Db, email: string, guard: AccountGuard, client: ClientInfo): Promise<ResetAnswer> {
  await limitAccountMail(guard, 'reset', email);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
  if (user) {
    const { token } = await issueAccountToken(db, { userId: user.id, kind: 'reset_password', email: user.email });
    await sendResetMail(user, token);
    await recordAccountEvent(db, { userId: user.id, action: 'password.reset_requested', ip: client.ip, userAgent: client.userAgent });
  }
  return RESET_ANSWER;
}

export async function resetPassword(db: Db, token: string, password: string, ctx: { sessions: SessionStore; client: ClientInfo }): Promise<{ email: string; revokedSessions: number }> {
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    const t = await consumeAccountToken(tx, token, ['reset_password']);
    const found = await tx.user.findUnique({ where: { id: t.userId }, select: { id: true, name: true, email: true, emailVerifiedAt: true } });
    if (!found || found.email !== t.email) throw new AppError('bad_request', 'This link was sent to an address your account no longer uses. Ask for a new one.', 'token');
    await tx.user.update({ where: { id: found.id }, data: { passwordHash, emailVerifiedAt: found.emailVerifiedAt ?? new Date() } });
    // Other reset links of this account stop working too.
    await tx.accountToken.updateMany({ where: { userId: found.id, kind: 'reset_password', usedAt: null }, data: { usedAt: new Date() } });
    return found;
  });
  const revokedSessions = await revokeUserSessions(ctx.sessions, user.id, { reason: 'password_reset' });
  await recordAccountEvent(db, { userId: user.id, action: 'password.reset', details: { revokedSessions }, ip: ctx.client.ip, userAgent: ctx.client.userAgent });
  await sendPasswordChangedNotice(user, 'reset');
  return { email: user.email, revokedSessions };
}
