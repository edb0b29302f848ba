/**
 * Account routes act on the caller's own account, and only with a session: an API token belongs to
 * one workspace and cannot read the security log or change sign-in settings.
 */
import { AppError } from '../errors';
import type { Principal, PrincipalUser } from '../principal';
import { authLimiter } from './rate-limit';
import { db, keyring } from '../services';
import type { TwoFactorDeps } from './two-factor';

export function ownAccount(principal: Principal): PrincipalUser {
  if (principal.via !== 'session') throw new AppError('forbidden', 'API tokens cannot read or change account settings: sign in');
  return principal.user;
}

/** The two-factor services on the app's database, keyring and sign-in limiter. */
export function twoFactorDeps(): TwoFactorDeps {
  return { db: db(), keyring: keyring(), limiter: authLimiter() };
}
