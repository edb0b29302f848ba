/** API token material: `kn_<43 base64url chars>`; only its SHA-256 is stored, plus a display prefix. */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'kn_';

export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
