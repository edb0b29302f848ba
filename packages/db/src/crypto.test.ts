import { describe, expect, it } from 'vitest';
import { generateKeySpec, maskSecret, open, parseKeyring, seal, SecretDecryptError } from './crypto';

const ring = parseKeyring(generateKeySpec('k1'));

function flipByte(envelope: string, partIndex: number): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[partIndex]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
}

describe('secret encryption', () => {
  it('round-trips a secret and never stores the plaintext', () => {
    const { envelope, keyId } = seal(ring, 'sk_live_abc123', 'ws_1');
    expect(keyId).toBe('k1');
    expect(envelope.startsWith('v1.k1.')).toBe(true);
    expect(envelope).not.toContain('sk_live_abc123');
    expect(open(ring, envelope, 'ws_1')).toBe('sk_live_abc123');
  });

  it('uses a fresh IV each time', () => {
    expect(seal(ring, 'same').envelope).not.toBe(seal(ring, 'same').envelope);
  });

  it.each([
    ['ciphertext', 4],
    ['auth tag', 3],
    ['iv', 2],
  ])('rejects a flipped byte in the %s', (_name, part) => {
    const { envelope } = seal(ring, 'top secret value', 'ws_1');
    expect(() => open(ring, flipByte(envelope, part), 'ws_1')).toThrow(SecretDecryptError);
    expect(() => open(ring, flipByte(envelope, part), 'ws_1')).toThrow(/tampered/);
  });

  it('rejects a ciphertext moved to another owner (associated data)', () => {
    const { envelope } = seal(ring, 'secret', 'ws_1');
    expect(() => open(ring, envelope, 'ws_2')).toThrow(/tampered with, or sealed with a different key or owner/);
  });

  it('rejects a wrong key under the same id, and names an unknown key id', () => {
    const other = parseKeyring(generateKeySpec('k1'));
    const { envelope } = seal(ring, 'secret');
    expect(() => open(other, envelope)).toThrow(SecretDecryptError);
    const k2 = parseKeyring(generateKeySpec('k2'));
    expect(() => open(k2, envelope)).toThrow(/sealed with key "k1", which KONNECT_ENCRYPTION_KEY does not hold/);
  });

  it('rotates: new secrets use the first key, old ones still open', () => {
    const oldSpec = generateKeySpec('k1');
    const old = parseKeyring(oldSpec);
    const { envelope: oldEnvelope } = seal(old, 'legacy');
    const rotated = parseKeyring(`${generateKeySpec('k2')},${oldSpec}`);
    expect(rotated.currentKeyId).toBe('k2');
    expect(open(rotated, oldEnvelope)).toBe('legacy');
    expect(seal(rotated, 'new').keyId).toBe('k2');
  });

  it('rejects malformed envelopes and keyrings with clear messages', () => {
    expect(() => open(ring, 'not-an-envelope')).toThrow(/not a v1 envelope/);
    expect(() => parseKeyring('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseKeyring('nocolon')).toThrow(/keyId:base64key/);
    expect(() => parseKeyring('')).toThrow(/no key/);
  });

  it('masks secrets for display', () => {
    expect(maskSecret('abcdefghijkl1234')).toBe('••••1234');
    expect(maskSecret('short')).toBe('••••');
  });
});
