/**
 * The web app's environment, parsed once at start-up (see instrumentation.ts): a missing or bad
 * variable stops start-up with a message naming it and what it expects.
 */
import { z } from 'zod';
import { parseEnv } from '@konnect/db';
import { platformEnvShape } from '@konnect/platform';

/** The platform's settings (limits, outbound guard; the same shape as the worker's) and the web app's own. */
export const webEnvShape = {
  ...platformEnvShape,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NEXTAUTH_URL: z.url().default('http://localhost:3000'),
  /**
   * The public base of Catch Hook URLs when the hook ingress (apps/ingress) serves them on its own
   * address, e.g. http://localhost:3001 or https://hooks.example.com; unset: NEXTAUTH_URL (this app's
   * own /hooks/<token> route). Every hook URL the app shows or returns starts with it.
   */
  HOOK_PUBLIC_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'expected at least 32 characters (random)'),
  /** Proxies in front of the app that append to X-Forwarded-For (0: the socket address is the client). */
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Sign-in throttling, per window (server/account/sign-in.ts): failed attempts from one address
   * against one account before that address is refused for that account; from one address in all;
   * against one account from every address before each attempt on it is slowed (never refused), by
   * at most LOGIN_SLOWDOWN_MAX_MS.
   */
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(10),
  LOGIN_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_SLOWDOWN_MAX_MS: z.coerce.number().int().min(0).max(10_000).default(2000),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
  /** Sessions: a sign-in lasts at most SESSION_MAX_AGE_DAYS (the cookie's max age too), and ends after SESSION_IDLE_DAYS unused. */
  SESSION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SESSION_IDLE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** Sign-ups per IP per window. */
  SIGNUPS_PER_IP: z.coerce.number().int().min(1).default(5),
  SIGNUP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60 * 60),
  /** Account mails (password reset, verification resend, email change) per address and per IP, per window. */
  ACCOUNT_MAILS_PER_ADDRESS: z.coerce.number().int().min(1).default(5),
  ACCOUNT_MAILS_PER_IP: z.coerce.number().int().min(1).default(20),
  ACCOUNT_MAIL_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60 * 60),
  /** Instance administrators (comma-separated emails): they see the mail log at /app/admin/mail. */
  INSTANCE_ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.email({ error: 'expected comma-separated email addresses' }))),
  /** The development mailbox's JSON API (npm start sets it): /dev/mailbox shows what it caught. Unset: the page does not exist. */
  DEV_MAILBOX_URL: z.url().optional(),
};

export type WebEnv = ReturnType<typeof loadWebEnv>;

let cached: ReturnType<typeof parseEnv<typeof webEnvShape>> | undefined;

export function loadWebEnv() {
  cached ??= parseEnv(webEnvShape);
  return cached;
}
