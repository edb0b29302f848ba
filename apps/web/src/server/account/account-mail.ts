/**
 * The mails of a person's account (no workspace): verification links, password reset links, and
 * notices (someone tried to sign up with your address, your password changed, your address is
 * about to change). Queued like every mail (the mail queue); a failure to queue is logged and the
 * caller's answer does not change, so the answer never depends on whether an account exists.
 */
import { errorMessage, queueMail } from '@konnect/platform';
import type { MailRequest } from '@konnect/mail';
import { loadWebEnv } from '../../env';
import { platform } from '../services';
import { CHANGE_EMAIL_TTL_MS, RESET_PASSWORD_TTL_MS, VERIFY_EMAIL_TTL_MS } from './account-tokens';

export function appLink(path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, loadWebEnv().NEXTAUTH_URL);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** Whether this instance can send mail at all (SMTP_URL set). */
export function canMail(): boolean {
  return Boolean(platform().mailer);
}

async function send(what: string, mail: MailRequest): Promise<boolean> {
  try {
    return (await queueMail(platform(), mail)).status === 'queued';
  } catch (err) {
    console.error(`account mail (${what}) could not be queued: ${errorMessage(err)}`);
    return false;
  }
}

const hours = (ms: number) => Math.round(ms / 3_600_000);

export function sendVerificationMail(to: { name: string; email: string }, token: string, purpose: 'sign_up' | 'change_email' = 'sign_up'): Promise<boolean> {
  const ttl = purpose === 'change_email' ? CHANGE_EMAIL_TTL_MS : VERIFY_EMAIL_TTL_MS;
  return send('verify-email', { to: [to.email], template: 'verify-email', data: { name: to.name, verifyUrl: appLink('/verify-email', { token }), purpose, expiresInHours: hours(ttl) } });
}

export function sendResetMail(to: { name: string; email: string }, token: string): Promise<boolean> {
  return send('reset-password', { to: [to.email], template: 'reset-password', data: { name: to.name, resetUrl: appLink('/reset-password', { token }), expiresInMinutes: Math.round(RESET_PASSWORD_TTL_MS / 60_000) } });
}

/** A sign-up was attempted with an address that already has an account: tell its owner, not the visitor. */
export function sendSignUpAttemptNotice(to: { name: string; email: string }): Promise<boolean> {
  return send('sign-up attempt', {
    to: [to.email],
    template: 'notice',
    data: {
      subject: 'Someone tried to create a Konnect account with your address',
      heading: 'You already have an account',
      intro: `Hi ${to.name}, someone (maybe you) tried to create a new Konnect account with this address, which already has one. No new account was created.`,
      action: { label: 'Sign in', url: appLink('/signin') },
      advice: `If you forgot your password, reset it: ${appLink('/forgot-password')}\nIf this was not you, you can ignore this mail.`,
    },
  });
}

export function sendPasswordChangedNotice(to: { name: string; email: string }, how: 'changed' | 'reset'): Promise<boolean> {
  return send('password changed', {
    to: [to.email],
    template: 'notice',
    data: {
      subject: 'Your Konnect password was changed',
      heading: 'Your password was changed',
      intro: `Hi ${to.name}, the password of your Konnect account was ${how === 'reset' ? 'reset with a link sent to this address; every session was signed out' : 'changed in your account settings; your other sessions were signed out'}.`,
      advice: `If this was not you, reset your password now: ${appLink('/forgot-password')}`,
    },
  });
}

/** Sent to the CURRENT address when a change to `newEmail` is requested (the change waits for the new address's link). */
export function sendEmailChangeNotice(to: { name: string; email: string }, newEmail: string): Promise<boolean> {
  return send('email change notice', {
    to: [to.email],
    template: 'notice',
    data: {
      subject: 'Your Konnect account email is about to change',
      heading: 'A change of email address was requested',
      intro: `Hi ${to.name}, someone signed in to your Konnect account asked to change its email address to ${newEmail}. The change happens only when the link sent to that address is used.`,
      advice: `If this was not you, change your password now (that signs out your other sessions): ${appLink('/signin')}`,
    },
  });
}
