/**
 * The signed-in person's own settings: change the password (the current one required; the other
 * sessions are signed out) and change the email address (the password required; the change waits
 * for the link mailed to the new address, and the current address is told). Wrong current
 * passwords are limited per account like sign-in failures.
 */
import { hashPassword, verifyPassword, type Db } from '@konnect/db';
import type { ChangeEmailBody, ChangePasswordBody } from '../../lib/api-bodies';
import type { ClientInfo } from '../client-ip';
import { AppError, rateLimited } from '../errors';
import { limitAccountMail, type AccountGuard } from './account-limits';
import { canMail, sendEmailChangeNotice, sendPasswordChangedNotice, sendVerificationMail } from './account-mail';
import { recordAccountEvent } from './account-events';
import { issueAccountToken } from './account-tokens';
import { enforce, hit, limitKey, refund, TooManyAttempts } from './rate-limit';
import { revokeUserSessions, type SessionStore } from './sessions';

export interface SettingsContext {
  userId: string;
  sessions: SessionStore;
  /** The caller's own session (kept signed in), when known. */
  currentSid: string | null;
  client: ClientInfo;
  guard: AccountGuard;
}

/** Checks the current password, counting failures against the account (LOGIN_FAILURES_PER_ACCOUNT per LOGIN_WINDOW_SECONDS). */
async function checkPassword(db: Db, ctx: SettingsContext, password: string, field: string): Promise<{ id: string; name: string; email: string }> {
  const user = await db.user.findUnique({ where: { id: ctx.userId }, select: { id: true, name: true, email: true, passwordHash: true } });
  if (!user) throw new AppError('unauthorized', 'Sign in again');
  const { limiter } = ctx.guard;
  const key = limitKey(limiter, 'password-check', 'user', user.id);
  try {
    enforce([await hit(limiter, key, limiter.limits.loginPerAccount)]);
  } catch (err) {
    if (err instanceof TooManyAttempts) throw rateLimited(err.retryAfterSeconds);
    throw err;
  }
  if (!(await verifyPassword(password, user.passwordHash))) throw new AppError('bad_request', 'The current password is not right', field);
  await refund(limiter, key);
  return { id: user.id, name: user.name, email: user.email };
}

export async function changePassword(db: Db, body: ChangePasswordBody, ctx: SettingsContext): Promise<{ revokedSessions: number }> {
  const user = await checkPassword(db, ctx, body.currentPassword, 'currentPassword');
  if (body.currentPassword === body.newPassword) throw new AppError('bad_request', 'The new password must differ from the current one', 'newPassword');
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(body.newPassword) } });
  const revokedSessions = await revokeUserSessions(ctx.sessions, user.id, { reason: 'password_changed', ...(ctx.currentSid ? { except: ctx.currentSid } : {}) });
  await recordAccountEvent(db, { userId: user.id, action: 'password.changed', details: { revokedSessions }, ip: ctx.client.ip, userAgent: ctx.client.userAgent });
  await sendPasswordChangedNotice(user, 'changed');
  return { revokedSessions };
}

export const EMAIL_CHANGE_ANSWER = (email: string) => ({ status: 'check_inbox' as const, email, message: `We sent a link to ${email}: your address changes when you open it (within 24 hours).` });

/**
 * The same answer whether or not the new address belongs to another account (which gets no mail
 * then): changing your address does not reveal who else is registered.
 */
export async function requestEmailChange(db: Db, body: ChangeEmailBody, ctx: SettingsContext): Promise<ReturnType<typeof EMAIL_CHANGE_ANSWER>> {
  const user = await checkPassword(db, ctx, body.password, 'password');
  if (body.email === user.email) throw new AppError('bad_request', 'That is already your address', 'email');
  if (!canMail()) throw new AppError('unavailable', 'This instance has no mailer (SMTP_URL), so a new address cannot be confirmed.');
  await limitAccountMail(ctx.guard, 'change-email', user.email);
  const taken = await db.user.findUnique({ where: { email: body.email }, select: { id: true } });
  if (!taken) {
    const { token } = await issueAccountToken(db, { userId: user.id, kind: 'change_email', email: body.email });
    if (!(await sendVerificationMail({ name: user.name, email: body.email }, token, 'change_email'))) {
      throw new AppError('unavailable', 'The confirmation mail could not be sent: this instance has no working mailer, so an address change cannot be confirmed.');
    }
    await sendEmailChangeNotice(user, body.email);
  }
  return EMAIL_CHANGE_ANSWER(body.email);
}
