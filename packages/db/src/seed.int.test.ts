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
    const opts = { keyring: testKeyring, custifyUrl: 'http://127.0.0.1:4010', slackUrl: 'http://127.0.0.1:4020' };
    const first = await seedDemo(db, opts);
    const second = await seedDemo(db, opts);
    expect(second).toEqual(first);
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_USER.email } });
    expect(await verifyPassword(DEMO_USER.password, user.passwordHash)).toBe(true);
    const memberships = await db.membership.findMany({ where: { userId: user.id } });
    expect(memberships.map((m) => m.role)).toContain('owner');
    const connection = await db.connection.findFirstOrThrow({ where: { id: first.connectionId, workspaceId: first.workspaceId } });
    expect(connection.secret).not.toContain('demo-custify-key');
    expect(JSON.parse(open(testKeyring, connection.secret, first.workspaceId))).toMatchObject({ apiKey: 'demo-custify-key' });
    expect(connection.secretHint).toBe('••••-key');
    const slack = await db.connection.findFirstOrThrow({ where: { id: first.slackConnectionId, workspaceId: first.workspaceId } });
    expect(slack).toMatchObject({ connectorKey: 'slack', settings: { baseUrl: 'http://127.0.0.1:4020/api' } });
    expect(slack.secret).not.toContain('xoxb-konnect-demo-token');
    expect(JSON.parse(open(testKeyring, slack.secret, first.workspaceId))).toEqual({ token: 'xoxb-konnect-demo-token', baseUrl: 'http://127.0.0.1:4020/api' });
    expect(await db.connection.count({ where: { workspaceId: first.workspaceId } })).toBe(2);
  }, 30_000);
});
