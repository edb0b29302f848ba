/**
 * Two-factor sign-in (TOTP) for one's own account: start enrolment (a new secret, shown as a QR
 * code and as text), confirm it with a code (then it is on, and 10 recovery codes are shown
 * once), regenerate the recovery codes (password or a current code), disable (password and a
 * code). The secret is sealed like a connection's (AES-256-GCM, AAD = the user id, its key id kept
 * for rotation). A TOTP step is accepted once: the last one used is stored and a code of that
 * step or an earlier one is refused. Every change is an account event.
 *
 * Wrong passwords and codes here count against a per-user limit (the sign-in window), so a stolen
 * session cannot be used to guess the password through these forms.
 */
import { open, seal, verifyPassword, type Db, type Keyring } from '@konnect/db';
import type { ClientInfo } from '../client-ip';
import { AppError, rateLimited } from '../errors';
import { recordAccountEvent, type AccountAction } from './account-events';
import { consumeRecoveryCode, recoveryCodesLeft, replaceRecoveryCodes } from './recovery-codes';
import { enforce, hit, limitKey, refund, TooManyAttempts, type Limiter } from './rate-limit';
import { newTotpSecret, qrDataUrl, totpStep, totpUri, TOTP_CODE } from './totp';

export interface TwoFactorDeps {
  db: Db;
  keyring: Keyring;
  limiter: Limiter;
}

export interface TwoFactorUser {
  id: string;
  email: string;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  /** Enrolment started and not confirmed yet. */
  pending: boolean;
  /** Unused recovery codes (0 when off). */
  recoveryCodesLeft: number;
}

export interface Enrolment {
  /** Base32, for typing into an app that cannot scan. */
  secret: string;
  /** otpauth:// URI (what the QR code holds). */
  uri: string;
  /** data:image/svg+xml QR code of `uri`. */
  qrCode: string;
}

export interface RecoveryCodes {
  recoveryCodes: string[];
}

export async function twoFactorStatus(db: Db, userId: string): Promise<TwoFactorStatus> {
  const row = await db.userTwoFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  const enabled = Boolean(row?.enabledAt);
  return { enabled, enabledAt: row?.enabledAt?.toISOString() ?? null, pending: Boolean(row && !row.enabledAt), recoveryCodesLeft: enabled ? await recoveryCodesLeft(db, userId) : 0 };
}

/** Whether the user signs in with a second factor (the workspace requirement checks this). */
export async function hasTwoFactor(db: Db, userId: string): Promise<boolean> {
  const row = await db.userTwoFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(row?.enabledAt);
}

/** The TOTP secret is sealed like a connection secret, with the user id as associated data (key rotation relies on it). */
export function sealTotpSecret(keyring: Keyring, userId: string, secret: string): { envelope: string; keyId: string } {
  return seal(keyring, secret, userId);
}

export function openTotpSecret(keyring: Keyring, userId: string, envelope: string): string {
  return open(keyring, envelope, userId);
}

function openSecret(keyring: Keyring, row: { secret: string }, userId: string): string {
  return openTotpSecret(keyring, userId, row.secret);
}

const event = (deps: TwoFactorDeps, user: TwoFactorUser, action: AccountAction, client: ClientInfo, details: Record<string, string | number> = {}) =>
  recordAccountEvent(deps.db, { userId: user.id, action, details, ip: client.ip, userAgent: client.userAgent });

export async function startEnrolment(deps: TwoFactorDeps, user: TwoFactorUser): Promise<Enrolment> {
  if (await hasTwoFactor(deps.db, user.id)) throw new AppError('conflict', 'Two-factor sign-in is already on. Turn it off first to set up another authenticator.');
  const secret = newTotpSecret();
  const sealed = sealTotpSecret(deps.keyring, user.id, secret);
  // A new start replaces an unconfirmed one (a lost QR code, a second try).
  await deps.db.userTwoFactor.upsert({
    where: { userId: user.id },
    create: { userId: user.id, secret: sealed.envelope, keyVersion: sealed.keyId },
    update: { secret: sealed.envelope, keyVersion: sealed.keyId, enabledAt: null, lastUsedStep: null },
  });
  const uri = totpUri(secret, user.email);
  return { secret, uri, qrCode: await qrDataUrl(uri) };
}

/**
 * Accepts a TOTP code for the user's enabled (or, with `pending`, unconfirmed) authenticator and
 * marks its step used. Atomic: the same code sent twice at once is accepted once.
 */
async function acceptTotp(deps: TwoFactorDeps, userId: string, code: string, pending = false): Promise<boolean> {
  const row = await deps.db.userTwoFactor.findUnique({ where: { userId }, select: { secret: true, enabledAt: true } });
  if (!row || Boolean(row.enabledAt) === pending) return false;
  const step = totpStep(openSecret(deps.keyring, row, userId), code);
  if (step === null) return false;
  const { count } = await deps.db.userTwoFactor.updateMany({
    where: { userId, enabledAt: pending ? null : { not: null }, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  return count === 1;
}

export type SecondFactor = 'totp' | 'recovery_code';

/** A sign-in's second factor: a 6-digit TOTP code, else a recovery code (used up). */
export async function verifySecondFactor(deps: TwoFactorDeps, userId: string, code: string): Promise<SecondFactor | null> {
  const typed = code.trim();
  if (TOTP_CODE.test(typed)) return (await acceptTotp(deps, userId, typed)) ? 'totp' : null;
  return (await consumeRecoveryCode(deps.db, userId, typed)) ? 'recovery_code' : null;
}

/** Counts a wrong password or code of this user; over the limit → 429. A right one gives its attempt back. */
async function guarded<T>(deps: TwoFactorDeps, user: TwoFactorUser, check: () => Promise<T | null>, wrong: AppError): Promise<T> {
  const key = limitKey(deps.limiter, 'two-factor', 'user', user.id);
  try {
    enforce([await hit(deps.limiter, key, deps.limiter.limits.loginPerAddress)]);
  } catch (err) {
    if (err instanceof TooManyAttempts) throw rateLimited(err.retryAfterSeconds);
    throw err;
  }
  const ok = await check();
  if (ok === null) throw wrong;
  await refund(deps.limiter, key);
  return ok;
}

const wrongCode = (field: string) => new AppError('bad_request', `${field}: That code is not right, or it was already used`, field);

export async function confirmEnrolment(deps: TwoFactorDeps, user: TwoFactorUser, code: string, client: ClientInfo): Promise<RecoveryCodes> {
  const row = await deps.db.userTwoFactor.findUnique({ where: { userId: user.id }, select: { enabledAt: true } });
  if (!row) throw new AppError('conflict', 'Start setting up two-factor sign-in first');
  if (row.enabledAt) throw new AppError('conflict', 'Two-factor sign-in is already on');
  await guarded(deps, user, async () => ((await acceptTotp(deps, user.id, code.trim(), true)) ? true : null), wrongCode('code'));
  const recoveryCodes = await deps.db.$transaction(async (tx) => {
    await tx.userTwoFactor.update({ where: { userId: user.id }, data: { enabledAt: new Date() } });
    return replaceRecoveryCodes(tx, user.id);
  });
  await event(deps, user, 'two_factor.enabled', client);
  return { recoveryCodes };
}

async function passwordIsRight(db: Db, userId: string, password: string): Promise<true | null> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return row && (await verifyPassword(password, row.passwordHash)) ? true : null;
}

/** New recovery codes (the old ones stop working), after the password or a current TOTP code. */
export async function regenerateRecoveryCodes(deps: TwoFactorDeps, user: TwoFactorUser, proof: { password?: string | undefined; code?: string | undefined }, client: ClientInfo): Promise<RecoveryCodes> {
  if (!(await hasTwoFactor(deps.db, user.id))) throw new AppError('conflict', 'Two-factor sign-in is off: there are no recovery codes to replace');
  if (proof.password) {
    await guarded(deps, user, () => passwordIsRight(deps.db, user.id, proof.password ?? ''), new AppError('bad_request', 'password: The password is not right', 'password'));
  } else if (proof.code) {
    const code = proof.code.trim();
    await guarded(deps, user, async () => (TOTP_CODE.test(code) && (await acceptTotp(deps, user.id, code)) ? true : null), wrongCode('code'));
  } else {
    throw new AppError('bad_request', 'password: Enter your password or a code from your authenticator app', 'password');
  }
  const recoveryCodes = await deps.db.$transaction((tx) => replaceRecoveryCodes(tx, user.id));
  await event(deps, user, 'two_factor.recovery_codes_regenerated', client);
  return { recoveryCodes };
}

/** Turns two-factor sign-in off: the password and a TOTP or recovery code. */
export async function disableTwoFactor(deps: TwoFactorDeps, user: TwoFactorUser, proof: { password: string; code: string }, client: ClientInfo): Promise<void> {
  if (!(await hasTwoFactor(deps.db, user.id))) throw new AppError('conflict', 'Two-factor sign-in is already off');
  await guarded(deps, user, () => passwordIsRight(deps.db, user.id, proof.password), new AppError('bad_request', 'password: The password is not right', 'password'));
  const factor = await guarded(deps, user, () => verifySecondFactor(deps, user.id, proof.code), wrongCode('code'));
  if (factor === 'recovery_code') await event(deps, user, 'two_factor.recovery_code_used', client, { remaining: await recoveryCodesLeft(deps.db, user.id), purpose: 'disable' });
  await deps.db.$transaction([deps.db.recoveryCode.deleteMany({ where: { userId: user.id } }), deps.db.userTwoFactor.delete({ where: { userId: user.id } })]);
  await event(deps, user, 'two_factor.disabled', client);
}
