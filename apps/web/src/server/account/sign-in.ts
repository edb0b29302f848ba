/**
 * Sign-in behind next-auth's authorize(): email + password, plus a code when the account has
 * two-factor sign-in, with throttling an attacker cannot turn into a lock-out (finding 11).
 *
 * The throttle blocks the SOURCE of failures, never the account — the approach of the OWASP
 * Authentication Cheat Sheet (lock-out lets anyone deny service; prefer progressive delays) and
 * what GitHub and Okta do (block the address, keep the owner's sign-in working):
 *  - one address against one account (LOGIN_FAILURES_PER_ADDRESS, 10 per LOGIN_WINDOW_SECONDS):
 *    from the 3rd failure each attempt waits (250 ms doubling, at most LOGIN_SLOWDOWN_MAX_MS), past
 *    the limit that address is refused for that account until the window ends. The owner, from any
 *    other address, signs in as usual.
 *  - one address against every account (LOGIN_FAILURES_PER_IP, 30): password spraying is refused.
 *  - one account from every address (LOGIN_FAILURES_PER_ACCOUNT, 10): a distributed attack only
 *    makes each attempt on that account wait (doubling, at most LOGIN_SLOWDOWN_MAX_MS = 2 s). There
 *    is deliberately no per-account refusal: it would hand anyone a "lock this account" button.
 *    The bounded wait slows scripted guessing; what stops an attacker who has the password is
 *    two-factor sign-in, which this file also checks.
 * Attempts are counted before bcrypt runs, so parallel guesses cannot slip past a limit. A right
 * password hands its attempts back and clears its address's count for the account (only failures
 * add up); a right password without the code the account needs is not a failure; a wrong code is.
 * IPv6 addresses count by their /64. Every outcome is an account event (sign_in.succeeded,
 * sign_in.failed, sign_in.throttled once per window and key) with the IP and user agent; an email
 * that names no account is recorded by its hash, never the address.
 */
import type { Db, Keyring } from '@konnect/db';
import type { ClientInfo } from '../client-ip';
import { recordAccountEvent } from './account-events';
import { checkPassword } from './credentials';
import { accountKey, addressKey, hit, limitKey, refund, TooManyAttempts, type Hit, type Limiter, type Slowdown } from './rate-limit';
import { verifySecondFactor } from './two-factor';
import { recoveryCodesLeft } from './recovery-codes';

/** What the sign-in form recognises: it then shows the code field. */
export const TWO_FACTOR_REQUIRED = 'Enter the 6-digit code from your authenticator app';
export const TWO_FACTOR_WRONG = 'That code is not right, or it was already used';

/** A refusal whose message the sign-in form shows as it is. */
export class SignInRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInRefused';
  }
}

export interface SignInDeps {
  db: Db;
  limiter: Limiter;
  keyring: Keyring;
}

export interface SignInInput {
  email: string;
  password: string;
  /** A TOTP code or a recovery code, when the account has two-factor sign-in. */
  code?: string | undefined;
}

export interface SignedIn {
  id: string;
  name: string;
  email: string;
}

/** The wait before an attempt: the larger of the address's and the account's, doubling per failure, bounded. */
export function slowdownMs(s: Slowdown, failures: { address: number; account: number }, accountMax: number): number {
  const wait = (over: number) => (over < 0 ? 0 : Math.min(s.maxMs, s.stepMs * 2 ** Math.min(over, 20)));
  return Math.max(wait(failures.address - s.addressAfter), wait(failures.account - accountMax));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Keys {
  pair: string;
  ip: string;
  account: string;
}

function keysFor(limiter: Limiter, email: string, ip: string | null): Keys {
  const account = accountKey(email);
  // No address known (no peer header: a misconfigured proxy): such attempts share one address.
  const address = ip ? addressKey(ip) : 'unknown';
  return { pair: limitKey(limiter, 'login', 'pair', account, address), ip: limitKey(limiter, 'login', 'ip', address), account: limitKey(limiter, 'login', 'account', account) };
}

async function accountIdOf(db: Db, email: string): Promise<string | null> {
  const row = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  return row?.id ?? null;
}

export async function signIn(deps: SignInDeps, input: SignInInput, client: ClientInfo): Promise<SignedIn | null> {
  const { db, limiter } = deps;
  const limits = limiter.limits;
  const keys = keysFor(limiter, input.email, client.ip);
  const [pair, byIp] = (await Promise.all([hit(limiter, keys.pair, limits.loginPerAddress), hit(limiter, keys.ip, limits.loginPerIp)])) as [Hit, Hit];
  const record = (userId: string | null, action: 'sign_in.succeeded' | 'sign_in.failed' | 'sign_in.throttled', details: Record<string, string | number>) =>
    recordAccountEvent(db, { userId, action, details: userId ? details : { ...details, emailHash: accountKey(input.email) }, ip: client.ip, userAgent: client.userAgent });

  if (pair.over || byIp.over) {
    // Recorded once: the first refused attempt of a window (no limit was over before), so a flood adds no rows.
    const firstOver = (h: Hit, max: number) => h.over && h.count === max + 1;
    const overBefore = pair.count > limits.loginPerAddress.max + 1 || byIp.count > limits.loginPerIp.max + 1;
    const first = (firstOver(pair, limits.loginPerAddress.max) || firstOver(byIp, limits.loginPerIp.max)) && !overBefore;
    if (first) await record(await accountIdOf(db, input.email), 'sign_in.throttled', { scope: pair.over ? 'account_and_address' : 'address' });
    throw new TooManyAttempts(Math.max(...[pair, byIp].filter((h) => h.over).map((h) => h.retryAfterSeconds)));
  }
  // Counted only for attempts that go on to a password check: refused ones are no guesses.
  const account = await hit(limiter, keys.account, limits.loginPerAccount);
  const wait = slowdownMs(limits.slowdown, { address: pair.count - 1, account: account.count - 1 }, limits.loginPerAccount.max);
  if (wait > 0) await (limiter.sleep ?? sleep)(wait);

  const checked = await checkPassword(db, input.email, input.password);
  const user = checked.user;
  if (!user) {
    await record(checked.accountId, 'sign_in.failed', { reason: 'password' });
    return null;
  }
  const handBack = async (clearAddress: boolean) => {
    await Promise.all([clearAddress ? limiter.redis.del(keys.pair).catch(() => refund(limiter, keys.pair)) : refund(limiter, keys.pair), refund(limiter, keys.ip), refund(limiter, keys.account)]);
  };

  const twoFactor = await db.userTwoFactor.findUnique({ where: { userId: user.id }, select: { enabledAt: true } });
  let method: 'password' | 'totp' | 'recovery_code' = 'password';
  if (twoFactor?.enabledAt) {
    const code = input.code?.trim();
    if (!code) {
      // The password was right: not a failure. The form asks for the code and sends all three.
      await handBack(false);
      throw new SignInRefused(TWO_FACTOR_REQUIRED);
    }
    const factor = await verifySecondFactor(deps, user.id, code);
    if (!factor) {
      await record(user.id, 'sign_in.failed', { reason: 'two_factor_code' });
      throw new SignInRefused(TWO_FACTOR_WRONG);
    }
    method = factor;
    if (factor === 'recovery_code') {
      await recordAccountEvent(db, { userId: user.id, action: 'two_factor.recovery_code_used', details: { remaining: await recoveryCodesLeft(db, user.id), purpose: 'sign_in' }, ip: client.ip, userAgent: client.userAgent });
    }
  }
  await handBack(true);
  await record(user.id, 'sign_in.succeeded', { method });
  return user;
}
