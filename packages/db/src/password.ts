import bcrypt from 'bcryptjs';

/** bcrypt, cost 11 (~100-150 ms here): slow on purpose. */
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
