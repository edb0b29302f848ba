/**
 * Account routes act on the caller's own account, and only with a session: an API token belongs to
 * one workspace and cannot read the security log or change sign-in settings.
 */
import { AppError } from '../errors';
import type { Principal, PrincipalUser } from '../principal';
import { authLimiter } from './rate-limit';
import { db, keyring } from '../services';
import { revokeUserSessions, sessionStore } from './sessions';
import type { TwoFactorDeps } from './two-factor';

export function ownAccount(principal: Principal): PrincipalUser {
  if (principal.via !== 'session') throw new AppError('forbidden', 'API tokens cannot read or change account settings: sign in');
  return principal.user;
}

/** The two-factor services on the app's database, keyring and sign-in limiter. */
export function twoFactorDeps(): TwoFactorDeps {
  return { db: db(), keyring: keyring(), limiter: authLimiter() };
}

/**
 * After a sign-in setting changed (two-factor on or off): every other session of this person ends,
 * so a browser signed in before the change (perhaps someone else's) must sign in again under the new rule.
 */
export async function endOtherSessions(principal: Principal): Promise<void> {
  if (principal.via !== 'session') return;
  await revokeUserSessions(sessionStore(), principal.user.id, { reason: 'two_factor_changed', ...(principal.sessionId ? { except: principal.sessionId } : {}) });
}
