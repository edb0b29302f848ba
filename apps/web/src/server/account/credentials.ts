import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword, type Db } from '@konnect/db';

/** A real hash of a random string: unknown emails cost the same bcrypt time as wrong passwords. */
let dummyHash: Promise<string> | undefined;

/** The user for an email + password, or null. Emails compare case-insensitively. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<{ id: string; name: string; email: string } | null> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, name: true, email: true, passwordHash: true } });
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok) return null;
  return { id: user.id, name: user.name, email: user.email };
}
