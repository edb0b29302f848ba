/**
 * Recovery codes: 10 per user, shown once, stored as SHA-256 hashes, each good for one sign-in.
 * A code is 16 characters of a 32-letter alphabet (80 random bits, so a plain hash is safe even
 * if the table leaks), written "xxxx-xxxx-xxxx-xxxx". Typing is forgiving: case, spaces and
 * dashes are ignored, and o/i/l are read as 0/1/1 (the alphabet has none of them).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Prisma } from '@konnect/db';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 16;

export function newRecoveryCode(): string {
  // 256 is a multiple of 32: `byte & 31` picks every letter with the same chance.
  const chars = [...randomBytes(LENGTH)].map((b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}

/** The canonical form of a typed code, or null when it cannot be one. */
export function normalRecoveryCode(typed: string): string | null {
  const s = typed.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return s.length === LENGTH && [...s].every((c) => ALPHABET.includes(c)) ? s : null;
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalRecoveryCode(code) ?? code, 'utf8').digest('hex');
}

type Tx = Pick<Prisma.TransactionClient, 'recoveryCode'>;

/** Replaces the user's codes with 10 new ones and returns them (the only time they are readable). */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/** Uses up one code: true only for an unused code of this user (atomic: two parallel uses, one wins). */
export async function consumeRecoveryCode(db: Db, userId: string, typed: string): Promise<boolean> {
  if (!normalRecoveryCode(typed)) return false;
  const { count } = await db.recoveryCode.updateMany({ where: { userId, codeHash: hashRecoveryCode(typed), usedAt: null }, data: { usedAt: new Date() } });
  return count === 1;
}

export async function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}
