/**
 * Secret encryption: AES-256-GCM with key ids, so keys can rotate.
 * Envelope: "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts). Associated data (e.g. the
 * workspace id) binds a ciphertext to its owner: moved to another row, it no longer opens.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class SecretDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

export interface Keyring {
  /** Key id new secrets are sealed with. */
  currentKeyId: string;
  keys: Map<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses KONNECT_ENCRYPTION_KEY: one or more "keyId:base64key" entries separated by commas,
 * the first being current; each key is 32 bytes (base64 or base64url).
 */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let currentKeyId = '';
  for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const sep = entry.indexOf(':');
    if (sep < 1) throw new Error(`expected "keyId:base64key" entries, got "${entry.slice(0, 12)}…"`);
    const id = entry.slice(0, sep);
    if (!KEY_ID.test(id)) throw new Error(`key id "${id}" must be 1-32 letters, digits, _ or -`);
    const key = Buffer.from(entry.slice(sep + 1), 'base64');
    if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes of base64 (got ${key.length} bytes)`);
    if (keys.has(id)) throw new Error(`key id "${id}" appears twice`);
    keys.set(id, key);
    currentKeyId ||= id;
  }
  if (!currentKeyId) throw new Error('no key given');
  return { currentKeyId, keys };
}

/** A fresh "keyId:base64" entry for KONNECT_ENCRYPTION_KEY. */
export function generateKeySpec(keyId = 'k1'): string {
  return `${keyId}:${randomBytes(32).toString('base64')}`;
}

export function seal(keyring: Keyring, plaintext: string, aad = ''): { envelope: string; keyId: string } {
  const key = keyring.keys.get(keyring.currentKeyId);
  if (!key) throw new Error(`current key "${keyring.currentKeyId}" is missing`);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  const b = (x: Buffer) => x.toString('base64url');
  return { envelope: ['v1', keyring.currentKeyId, b(iv), b(tag), b(ct)].join('.'), keyId: keyring.currentKeyId };
}

export function open(keyring: Keyring, envelope: string, aad = ''): string {
  const parts = envelope.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') throw new SecretDecryptError('secret is not a v1 envelope');
  const [, keyId, ivB, tagB, ctB] = parts as [string, string, string, string, string];
  const key = keyring.keys.get(keyId);
  if (!key) throw new SecretDecryptError(`secret was sealed with key "${keyId}", which KONNECT_ENCRYPTION_KEY does not hold`);
  const iv = Buffer.from(ivB, 'base64url');
  const tag = Buffer.from(tagB, 'base64url');
  if (iv.length !== 12 || tag.length !== 16) throw new SecretDecryptError('secret envelope is malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctB, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptError('secret failed authentication: it was tampered with, or sealed with a different key or owner');
  }
}

/** A masked hint of a secret for the UI: "••••abcd" (last 4 only when the secret is long enough). */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}
