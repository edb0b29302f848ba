/**
 * TOTP (RFC 6238) as authenticator apps speak it: SHA-1, 6 digits, 30 s steps, a 160-bit secret
 * (otpauth). A code is accepted for the current step and one step either side (clock drift), and
 * the accepted step is returned so the caller can refuse it the next time (two-factor.ts stores
 * the last one used). The QR code is rendered on the server as an SVG data URL: the secret never
 * goes to a third-party QR service.
 */
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

export const TOTP_ISSUER = 'Konnect';
const PERIOD = 30;
const DIGITS = 6;
/** Steps either side of now that are still accepted (±30 s of clock drift). */
const DRIFT_STEPS = 1;

export const TOTP_CODE = /^\d{6}$/;

function totpFor(secretBase32: string, account: string): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label: account, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A fresh random secret (20 bytes), base32 as authenticator apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI an authenticator app scans. */
export function totpUri(secretBase32: string, account: string): string {
  return totpFor(secretBase32, account).toString();
}

/** The QR code of `uri` as an `data:image/svg+xml;base64,…` URL (an <img> source). */
export async function qrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/** The time step `code` belongs to (within the drift window around `now`), or null when it is wrong. */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  if (!TOTP_CODE.test(code)) return null;
  const delta = totpFor(secretBase32, 'check').validate({ token: code, timestamp: now, window: DRIFT_STEPS });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

/** The code for a time (tests, and nothing else, need to compute one). */
export function totpCode(secretBase32: string, now = Date.now()): string {
  return totpFor(secretBase32, 'code').generate({ timestamp: now });
}
