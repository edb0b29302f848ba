/**
 * Single-use links mailed to a person (AccountToken): verify an address, reset a password, confirm
 * a new address. The token is 32 random bytes (base64url) that only the mail carries; the row keeps
 * its SHA-256. Issuing a token retires the person's older unused tokens of the same kind, so only
 * the newest link works. Consuming is one conditional UPDATE (unused, not expired): two clicks at
 * once cannot both succeed.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AccountTokenKind, Db, Prisma } from '@konnect/db';
import { AppError } from '../errors';

export const VERIFY_EMAIL_TTL_MS = 24 * 60 * 60 * 1000;
export const RESET_PASSWORD_TTL_MS = 30 * 60 * 1000;
export const CHANGE_EMAIL_TTL_MS = 24 * 60 * 60 * 1000;

export const TTL: Record<AccountTokenKind, number> = { verify_email: VERIFY_EMAIL_TTL_MS, reset_password: RESET_PASSWORD_TTL_MS, change_email: CHANGE_EMAIL_TTL_MS };

export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

type TokenDb = Pick<Db, 'accountToken'> | Pick<Prisma.TransactionClient, 'accountToken'>;

export async function issueAccountToken(db: TokenDb, input: { userId: string; kind: AccountTokenKind; email: string; now?: Date }): Promise<{ token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TTL[input.kind]);
  await db.accountToken.updateMany({ where: { userId: input.userId, kind: input.kind, usedAt: null }, data: { usedAt: now } });
  await db.accountToken.create({ data: { userId: input.userId, kind: input.kind, tokenHash: hashAccountToken(token), email: input.email, expiresAt } });
  return { token, expiresAt };
}

/** Tokens look like this; anything else is refused without a lookup. */
const TOKEN_SHAPE = /^[\w-]{20,100}$/;

export interface ConsumedToken {
  id: string;
  userId: string;
  kind: AccountTokenKind;
  email: string;
}

/**
 * Marks the token used and returns it, or throws a 400 on field `token` saying why it cannot be
 * used (unknown, used, expired). The token holder learns nothing about anyone else.
 */
export async function consumeAccountToken(db: TokenDb, token: string, kinds: AccountTokenKind[], now = new Date()): Promise<ConsumedToken> {
  const invalid = () => new AppError('bad_request', 'This link is not valid. Ask for a new one.', 'token');
  if (!TOKEN_SHAPE.test(token)) throw invalid();
  const tokenHash = hashAccountToken(token);
  const row = await db.accountToken.findUnique({ where: { tokenHash }, select: { id: true, userId: true, kind: true, email: true, usedAt: true, expiresAt: true } });
  if (!row || !kinds.includes(row.kind)) throw invalid();
  if (row.usedAt) throw new AppError('bad_request', 'This link was already used (or a newer one was sent). Ask for a new one if you still need it.', 'token');
  if (row.expiresAt <= now) throw new AppError('bad_request', 'This link has expired. Ask for a new one.', 'token');
  const { count } = await db.accountToken.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) throw new AppError('bad_request', 'This link was already used. Ask for a new one if you still need it.', 'token');
  return { id: row.id, userId: row.userId, kind: row.kind, email: row.email };
}
