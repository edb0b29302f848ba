/**
 * Fixtures for the alert tests: a real local HTTP server that records what Slack / the webhook
 * receive (raw body and headers) and answers with a chosen status, an owner and an admin in a test
 * workspace, alert settings written the way the API writes them, a capturing `sendMail`, and a
 * clock the test moves.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db, Keyring } from '@konnect/db';
import { uniqueSuffix } from '@konnect/db/testing';
import type { NoticeMail } from '@konnect/mail';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '@konnect/schemas';
import type { AlertContext, NoticeMessage } from './alert-dispatch';
import { sealAlertSecrets, urlHint, type AlertSecrets } from './alert-settings';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Status answered per path (default 200). */
  status: Map<string, number>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const status = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      received.push({ path, headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      const code = status.get(path) ?? 200;
      res.writeHead(code, { 'content-type': 'application/json' }).end(code < 300 ? '"ok"' : JSON.stringify({ errors: { email: 'is invalid' }, message: 'Unprocessable' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    status,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface People {
  owner: { userId: string; email: string };
  admin: { userId: string; email: string };
  member: { userId: string; email: string };
}

export async function addPeople(db: Db, workspaceId: string): Promise<People> {
  const make = async (role: 'owner' | 'admin' | 'member') => {
    const email = `${role}-${uniqueSuffix()}@example.test`;
    const user = await db.user.create({ data: { email, name: role, passwordHash: 'x', emailVerifiedAt: new Date(), memberships: { create: { workspaceId, role } } } });
    return { userId: user.id, email };
  };
  return { owner: await make('owner'), admin: await make('admin'), member: await make('member') };
}

/** Writes alert settings (workspace: konnectorId ""), sealing the channel values as the API does. */
export async function writeAlertSettings(db: Db, keyring: Keyring, workspaceId: string, settings: Partial<AlertSettings>, secrets: AlertSecrets = {}, konnectorId = ''): Promise<void> {
  const sealed = sealAlertSecrets(keyring, workspaceId, secrets);
  const stored = {
    ...DEFAULT_ALERT_SETTINGS,
    ...settings,
    ...(secrets.slackWebhookUrl ? { slack: { hint: urlHint(secrets.slackWebhookUrl) } } : {}),
    ...(secrets.webhookUrl ? { webhook: { hint: urlHint(secrets.webhookUrl) } } : {}),
  };
  await db.alertSetting.upsert({
    where: { workspaceId_konnectorId: { workspaceId, konnectorId } },
    create: { workspaceId, konnectorId, settings: stored, sealed: sealed?.sealed ?? null, keyVersion: sealed?.keyVersion ?? null },
    update: { settings: stored, sealed: sealed?.sealed ?? null, keyVersion: sealed?.keyVersion ?? null },
  });
}

export interface Capture {
  ctx: AlertContext;
  mails: NoticeMessage[];
  clock: { now: Date };
  subjects(): string[];
}

export function capture(start = new Date('2026-12-01T10:00:00Z'), status: 'queued' | 'unavailable' = 'queued'): Capture {
  const mails: NoticeMessage[] = [];
  const clock = { now: start };
  return {
    mails,
    clock,
    ctx: {
      appUrl: 'https://konnect.example.test',
      now: () => clock.now,
      sendMail: async (msg) => {
        mails.push(msg);
        return { id: `m${mails.length}`, status };
      },
    },
    subjects: () => mails.map((m) => (m.data as NoticeMail).subject),
  };
}

export const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);
