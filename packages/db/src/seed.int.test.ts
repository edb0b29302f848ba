import { afterAll, describe, expect, it } from 'vitest';
import { open } from './crypto';
import { DEMO_USER, seedDemo } from './seed';
import { testDb, testKeyring } from './testing';
import { verifyPassword } from './password';
import type { Db } from './client';

let db: Db | undefined;
afterAll(async () => {
  await db?.$disconnect();
});

describe('seedDemo', () => {
  it('creates the demo user, workspace and an encrypted Custify connection, idempotently', async () => {
    db = await testDb();
    const first = await seedDemo(db, { keyring: testKeyring, custifyUrl: 'http://127.0.0.1:4010' });
    const second = await seedDemo(db, { keyring: testKeyring, custifyUrl: 'http://127.0.0.1:4010' });
    expect(second).toEqual(first);
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_USER.email } });
    expect(await verifyPassword(DEMO_USER.password, user.passwordHash)).toBe(true);
    const memberships = await db.membership.findMany({ where: { userId: user.id } });
    expect(memberships.map((m) => m.role)).toContain('owner');
    const connection = await db.connection.findFirstOrThrow({ where: { id: first.connectionId, workspaceId: first.workspaceId } });
    expect(connection.secret).not.toContain('demo-custify-key');
    expect(JSON.parse(open(testKeyring, connection.secret, first.workspaceId))).toMatchObject({ apiKey: 'demo-custify-key' });
    expect(connection.secretHint).toBe('••••-key');
  }, 30_000);
});
