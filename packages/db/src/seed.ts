/**
 * Demo data for the start command: a demo user with a known password, a demo workspace, and
 * Custify and Slack connections pointing at the local simulators. Idempotent: running it again
 * changes nothing.
 */
import type { Db } from './client';
import { maskSecret, seal, type Keyring } from './crypto';
import { hashPassword } from './password';

export const DEMO_USER = { email: 'demo@konnect.local', password: 'konnect-demo', name: 'Demo User' } as const;
export const DEMO_WORKSPACE = { slug: 'demo', name: 'Demo Workspace' } as const;
export const DEMO_CUSTIFY_KEY = 'demo-custify-key';
/** The bot token the Slack simulator (packages/slack-sim) seeds. */
export const DEMO_SLACK_TOKEN = 'xoxb-konnect-demo-token';

export interface SeedOptions {
  keyring: Keyring;
  /** Base URL of the Custify simulator the demo connection points at. */
  custifyUrl: string;
  /** Root URL of the Slack simulator (its Web API is at <url>/api); without it no Slack connection is made. */
  slackUrl?: string;
}

/** Creates or updates the workspace's connection called `name`: the secret sealed, the settings in the clear. */
async function upsertConnection(db: Db, opts: SeedOptions, workspaceId: string, connectorKey: string, name: string, secret: Record<string, string>, hint: string): Promise<string> {
  const settings = { baseUrl: secret.baseUrl ?? '' };
  const existing = await db.connection.findFirst({ where: { workspaceId, connectorKey, name } });
  const sealed = seal(opts.keyring, JSON.stringify(secret), workspaceId);
  const data = { secret: sealed.envelope, keyVersion: sealed.keyId, settings, secretHint: maskSecret(hint) };
  const connection = existing
    ? await db.connection.update({ where: { id: existing.id }, data })
    : await db.connection.create({ data: { workspaceId, connectorKey, name, ...data } });
  return connection.id;
}

export async function seedDemo(db: Db, opts: SeedOptions): Promise<{ userId: string; workspaceId: string; connectionId: string; slackConnectionId?: string }> {
  let user = await db.user.findUnique({ where: { email: DEMO_USER.email } });
  user ??= await db.user.create({ data: { email: DEMO_USER.email, name: DEMO_USER.name, passwordHash: await hashPassword(DEMO_USER.password), emailVerifiedAt: new Date() } });
  const workspace = await db.workspace.upsert({ where: { slug: DEMO_WORKSPACE.slug }, update: {}, create: { slug: DEMO_WORKSPACE.slug, name: DEMO_WORKSPACE.name } });
  await db.membership.upsert({
    where: { userId_workspaceId: { userId: user.id, workspaceId: workspace.id } },
    update: {},
    create: { userId: user.id, workspaceId: workspace.id, role: 'owner' },
  });
  const connectionId = await upsertConnection(db, opts, workspace.id, 'custify', 'Custify (demo simulator)', { apiKey: DEMO_CUSTIFY_KEY, baseUrl: opts.custifyUrl }, DEMO_CUSTIFY_KEY);
  const slackConnectionId = opts.slackUrl
    ? await upsertConnection(db, opts, workspace.id, 'slack', 'Slack (demo simulator)', { token: DEMO_SLACK_TOKEN, baseUrl: `${opts.slackUrl.replace(/\/+$/, '')}/api` }, DEMO_SLACK_TOKEN)
    : undefined;
  return { userId: user.id, workspaceId: workspace.id, connectionId, ...(slackConnectionId ? { slackConnectionId } : {}) };
}
