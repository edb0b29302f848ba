/**
 * Demo data for the start command: a demo user with a known password, a demo workspace, and a
 * Custify connection pointing at the local simulator. Idempotent: running it again changes nothing.
 */
import type { Db } from './client';
import { maskSecret, seal, type Keyring } from './crypto';
import { hashPassword } from './password';

export const DEMO_USER = { email: 'demo@konnect.local', password: 'konnect-demo', name: 'Demo User' } as const;
export const DEMO_WORKSPACE = { slug: 'demo', name: 'Demo Workspace' } as const;
export const DEMO_CUSTIFY_KEY = 'demo-custify-key';

export interface SeedOptions {
  keyring: Keyring;
  /** Base URL of the Custify simulator the demo connection points at. */
  custifyUrl: string;
}

export async function seedDemo(db: Db, opts: SeedOptions): Promise<{ userId: string; workspaceId: string; connectionId: string }> {
  let user = await db.user.findUnique({ where: { email: DEMO_USER.email } });
  user ??= await db.user.create({ data: { email: DEMO_USER.email, name: DEMO_USER.name, passwordHash: await hashPassword(DEMO_USER.password) } });
  const workspace = await db.workspace.upsert({ where: { slug: DEMO_WORKSPACE.slug }, update: {}, create: { slug: DEMO_WORKSPACE.slug, name: DEMO_WORKSPACE.name } });
  await db.membership.upsert({
    where: { userId_workspaceId: { userId: user.id, workspaceId: workspace.id } },
    update: {},
    create: { userId: user.id, workspaceId: workspace.id, role: 'owner' },
  });
  const name = 'Custify (demo simulator)';
  const settings = { baseUrl: opts.custifyUrl };
  const existing = await db.connection.findFirst({ where: { workspaceId: workspace.id, connectorKey: 'custify', name } });
  const sealed = seal(opts.keyring, JSON.stringify({ apiKey: DEMO_CUSTIFY_KEY, ...settings }), workspace.id);
  const data = { secret: sealed.envelope, keyVersion: sealed.keyId, settings, secretHint: maskSecret(DEMO_CUSTIFY_KEY) };
  const connection = existing
    ? await db.connection.update({ where: { id: existing.id }, data })
    : await db.connection.create({ data: { workspaceId: workspace.id, connectorKey: 'custify', name, ...data } });
  return { userId: user.id, workspaceId: workspace.id, connectionId: connection.id };
}
