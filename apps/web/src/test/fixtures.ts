/** Rows for integration tests: users with a workspace, extra members. Every name is unique per call. */
import { hashPassword, type Db, type Role } from '@konnect/db';
import { uniqueSuffix } from '@konnect/db/testing';
import { db as sharedDb } from '@/server/services';

export const TEST_PASSWORD = 'correct horse battery';

let passwordHash: Promise<string> | undefined;

export function testDb(): Db {
  return sharedDb();
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
}

/** A user with a verified address, unless `verified: false`. */
export async function createUser(label = 'user', opts: { verified?: boolean } = {}): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const suffix = uniqueSuffix();
  return testDb().user.create({
    data: { email: `${label}-${suffix}@example.test`, name: `${label} ${suffix}`, passwordHash: await passwordHash, emailVerifiedAt: opts.verified === false ? null : new Date() },
    select: { id: true, email: true, name: true },
  });
}

export async function addMember(workspaceId: string, userId: string, role: Role): Promise<string> {
  const m = await testDb().membership.create({ data: { workspaceId, userId, role }, select: { id: true } });
  return m.id;
}

/** A user who owns a fresh workspace. */
export async function createOwner(label = 'owner'): Promise<{ user: TestUser; workspaceId: string; membershipId: string }> {
  const user = await createUser(label);
  const workspace = await testDb().workspace.create({ data: { name: `${label} workspace`, slug: `${label}-${uniqueSuffix()}` }, select: { id: true } });
  const membershipId = await addMember(workspace.id, user.id, 'owner');
  return { user, workspaceId: workspace.id, membershipId };
}
