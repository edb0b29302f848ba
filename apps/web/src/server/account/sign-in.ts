/**
 * The credentials check behind next-auth's authorize(), with the sign-in limits: every attempt
 * counts against the account (LOGIN_FAILURES_PER_ACCOUNT) and the caller's IP
 * (LOGIN_FAILURES_PER_IP) before bcrypt runs; a success clears the account's count and hands
 * the IP its attempt back, so only failures add up. Over a limit → TooManyAttempts, whose
 * message ("Too many attempts, try again in N s") the sign-in form shows.
 */
import type { Db } from '@konnect/db';
import { verifyCredentials } from './credentials';
import { accountKey, enforce, hit, limitKey, refund, type Limiter } from './rate-limit';

export async function signInWithLimits(db: Db, limiter: Limiter, email: string, password: string, ip: string | null): Promise<{ id: string; name: string; email: string } | null> {
  const account = limitKey(limiter, 'login', 'account', accountKey(email));
  const byIp = ip ? limitKey(limiter, 'login', 'ip', ip) : null;
  const hits = await Promise.all([hit(limiter, account, limiter.limits.loginPerAccount), ...(byIp ? [hit(limiter, byIp, limiter.limits.loginPerIp)] : [])]);
  enforce(hits);
  const user = await verifyCredentials(db, email, password);
  if (user) {
    await Promise.all([limiter.redis.del(account), ...(byIp ? [refund(limiter, byIp)] : [])]);
  }
  return user;
}

