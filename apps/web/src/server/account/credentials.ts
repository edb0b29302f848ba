import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword, type Db } from '@konnect/db';

/** A real hash of a random string: unknown emails cost the same bcrypt time as wrong passwords. */
let dummyHash: Promise<string> | undefined;

export interface PasswordCheck {
  /** The user when the password is right. */
  user: { id: string; name: string; email: string } | null;
  /** The account the email names, right password or not (null: no such account). */
  accountId: string | null;
}

/** Checks an email + password; emails compare case-insensitively. */
export async function checkPassword(db: Db, email: string, password: string): Promise<PasswordCheck> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, name: true, email: true, passwordHash: true } });
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  return { user: user && ok ? { id: user.id, name: user.name, email: user.email } : null, accountId: user?.id ?? null };
}

/** The user for an email + password, or null. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<{ id: string; name: string; email: string } | null> {
  return (await checkPassword(db, email, password)).user;
}
