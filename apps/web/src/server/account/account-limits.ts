/**
 * Limits on the account mails a caller can trigger (password reset requests, verification
 * resends, email changes), on the same Redis windows as sign-in (rate-limit.ts): per IP, and per
 * address (keyed by a hash of the address, whether or not it has an account, so a refusal says
 * nothing about accounts). Over a limit → 429 with Retry-After.
 */
import { loadWebEnv } from '../../env';
import { rateLimited } from '../errors';
import { accountKey, authLimiter, enforce, hit, limitKey, TooManyAttempts, type Limiter, type Window } from './rate-limit';

export interface AccountMailLimits {
  perAddress: Window;
  perIp: Window;
}

export function accountMailLimits(): AccountMailLimits {
  const env = loadWebEnv();
  return {
    perAddress: { max: env.ACCOUNT_MAILS_PER_ADDRESS, seconds: env.ACCOUNT_MAIL_WINDOW_SECONDS },
    perIp: { max: env.ACCOUNT_MAILS_PER_IP, seconds: env.ACCOUNT_MAIL_WINDOW_SECONDS },
  };
}

export interface AccountGuard {
  limiter: Limiter;
  limits: AccountMailLimits;
  ip: string | null;
}

export function accountGuard(ip: string | null): AccountGuard {
  return { limiter: authLimiter(), limits: accountMailLimits(), ip };
}

/** Counts one request of `what` for this address and IP; throws 429 when either is over its window. */
export async function limitAccountMail(guard: AccountGuard, what: string, address: string): Promise<void> {
  const { limiter, limits, ip } = guard;
  const hits = [hit(limiter, limitKey(limiter, what, 'account', accountKey(address)), limits.perAddress), ...(ip ? [hit(limiter, limitKey(limiter, what, 'ip', ip), limits.perIp)] : [])];
  try {
    enforce(await Promise.all(hits));
  } catch (err) {
    if (err instanceof TooManyAttempts) throw rateLimited(err.retryAfterSeconds);
    throw err;
  }
}

/** Counts one for this address only and says whether it is still within its window (no error: for mails the caller must not learn about). */
export async function withinAddressLimit(guard: AccountGuard, what: string, address: string): Promise<boolean> {
  const h = await hit(guard.limiter, limitKey(guard.limiter, what, 'account', accountKey(address)), guard.limits.perAddress);
  return !h.over;
}
