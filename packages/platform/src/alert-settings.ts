/**
 * Alert settings as stored (AlertSetting rows: the workspace's, konnectorId "", and per-konnector
 * overrides) and as the alert processor uses them: the effective settings of a konnector, its
 * channels' write-only values (Slack incoming-webhook URL, generic webhook URL and signing secret,
 * sealed together as one AES-256-GCM envelope with the workspace id as associated data), and the
 * recipients resolved to workspace members.
 */
import { open, seal, type Db, type Keyring } from '@konnect/db';
import { AlertOverride, AlertSettings, DEFAULT_ALERT_SETTINGS, mergeAlertSettings } from '@konnect/schemas';
import { z } from 'zod';

/** A write-only channel as the settings JSON keeps it: a masked hint; null: explicitly off (an override). */
const ChannelHint = z.object({ hint: z.string() }).nullable().optional();

/** What `AlertSetting.settings` holds besides the settings themselves. */
export const StoredChannels = z.object({ slack: ChannelHint, webhook: ChannelHint });
export type StoredChannels = z.infer<typeof StoredChannels>;

/** The sealed part. */
export const AlertSecrets = z.object({
  slackWebhookUrl: z.string().optional(),
  webhookUrl: z.string().optional(),
  webhookSecret: z.string().optional(),
});
export type AlertSecrets = z.infer<typeof AlertSecrets>;

const aadOf = (workspaceId: string) => `alerts:${workspaceId}`;

export function sealAlertSecrets(keyring: Keyring, workspaceId: string, secrets: AlertSecrets): { sealed: string; keyVersion: string } | null {
  if (!secrets.slackWebhookUrl && !secrets.webhookUrl && !secrets.webhookSecret) return null;
  const { envelope, keyId } = seal(keyring, JSON.stringify(secrets), aadOf(workspaceId));
  return { sealed: envelope, keyVersion: keyId };
}

export function openAlertSecrets(keyring: Keyring, workspaceId: string, sealed: string | null): AlertSecrets {
  if (!sealed) return {};
  return AlertSecrets.parse(JSON.parse(open(keyring, sealed, aadOf(workspaceId))));
}

/** "https://hooks.slack.com/…/abcd": enough to recognise a URL, never enough to use it. */
export function urlHint(url: string): string {
  try {
    const u = new URL(url);
    const tail = url.replace(/\/+$/, '').slice(-4);
    return `${u.protocol}//${u.host}/…${u.pathname.length > 1 || u.search ? tail : ''}`;
  } catch {
    return '…';
  }
}

export interface AlertSettingRow {
  konnectorId: string;
  settings: unknown;
  sealed: string | null;
}

export function storedSettings(raw: unknown): AlertSettings {
  const parsed = AlertSettings.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS;
}

export function storedOverride(raw: unknown): AlertOverride {
  const parsed = AlertOverride.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export function storedChannels(raw: unknown): StoredChannels {
  const parsed = StoredChannels.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export interface ChannelTarget {
  /** The row whose value it is ("" workspace, else the konnector): its delivery status is kept there. */
  scope: string;
  url: string;
}

export interface EffectiveAlerts {
  settings: AlertSettings;
  slack: ChannelTarget | null;
  webhook: (ChannelTarget & { secret: string }) | null;
}

/** The workspace's alert settings with the konnector's override on top (defaults when none are saved). */
export async function effectiveAlerts(db: Db, keyring: Keyring, workspaceId: string, konnectorId?: string): Promise<EffectiveAlerts> {
  const rows: AlertSettingRow[] = await db.alertSetting.findMany({
    where: { workspaceId, konnectorId: { in: konnectorId ? ['', konnectorId] : [''] } },
    select: { konnectorId: true, settings: true, sealed: true },
  });
  const base = rows.find((r) => r.konnectorId === '');
  const over = konnectorId ? rows.find((r) => r.konnectorId === konnectorId) : undefined;
  const settings = mergeAlertSettings(base ? storedSettings(base.settings) : DEFAULT_ALERT_SETTINGS, over ? storedOverride(over.settings) : null);
  const baseChannels = base ? storedChannels(base.settings) : {};
  const overChannels = over ? storedChannels(over.settings) : {};
  const secretsOf = (row: AlertSettingRow | undefined, c: StoredChannels) => (row && (c.slack || c.webhook) ? openAlertSecrets(keyring, workspaceId, row.sealed) : {});
  const baseSecrets = secretsOf(base, baseChannels);
  const overSecrets = secretsOf(over, overChannels);
  // A channel comes from the override when the override says anything about it (its own value, or off).
  const slackFrom = overChannels.slack !== undefined ? { c: overChannels.slack, s: overSecrets, scope: konnectorId ?? '' } : { c: baseChannels.slack, s: baseSecrets, scope: '' };
  const hookFrom = overChannels.webhook !== undefined ? { c: overChannels.webhook, s: overSecrets, scope: konnectorId ?? '' } : { c: baseChannels.webhook, s: baseSecrets, scope: '' };
  return {
    settings,
    slack: slackFrom.c && slackFrom.s.slackWebhookUrl ? { scope: slackFrom.scope, url: slackFrom.s.slackWebhookUrl } : null,
    webhook:
      hookFrom.c && hookFrom.s.webhookUrl && hookFrom.s.webhookSecret ? { scope: hookFrom.scope, url: hookFrom.s.webhookUrl, secret: hookFrom.s.webhookSecret } : null,
  };
}

export interface Recipient {
  userId: string;
  email: string;
  /** Whether the address is verified: only verified addresses get alert mails (in-app notifications go to everyone). */
  verified: boolean;
}

/** Owners / admins / the chosen members (by email) of the workspace, as the settings say. */
export async function alertRecipients(db: Db, workspaceId: string, who: AlertSettings['recipients']): Promise<Recipient[]> {
  const members = await db.membership.findMany({ where: { workspaceId }, select: { userId: true, role: true, user: { select: { email: true, emailVerifiedAt: true } } } });
  const chosen = new Set(who.members.map((e) => e.toLowerCase()));
  return members
    .filter((m) => (m.role === 'owner' && who.owners) || (m.role === 'admin' && who.admins) || chosen.has(m.user.email.toLowerCase()))
    .map((m) => ({ userId: m.userId, email: m.user.email, verified: m.user.emailVerifiedAt !== null }));
}

/** Owners and admins: who hears about member events and failed alert deliveries. */
export async function workspaceAdmins(db: Db, workspaceId: string): Promise<Recipient[]> {
  return alertRecipients(db, workspaceId, { owners: true, admins: true, members: [] });
}

export type DeliveryChannel = 'email' | 'slack' | 'webhook';

export interface DeliveryStatus {
  ok: boolean;
  at: string;
  message: string;
}

/** The last delivery of a channel, kept on the settings row it was configured in (shown in Settings). */
export async function recordDelivery(db: Db, workspaceId: string, scope: string, channel: DeliveryChannel, status: Omit<DeliveryStatus, 'at'>, now: Date): Promise<void> {
  const entry = JSON.stringify({ [channel]: { ...status, message: status.message.slice(0, 500), at: now.toISOString() } });
  await db.$executeRaw`
    INSERT INTO "AlertSetting" ("id", "workspaceId", "konnectorId", "lastDelivery", "updatedAt")
    VALUES (${`as_${workspaceId}_${scope}`.slice(0, 120)}, ${workspaceId}, ${scope}, ${entry}::jsonb, now())
    ON CONFLICT ("workspaceId", "konnectorId") DO UPDATE SET "lastDelivery" = "AlertSetting"."lastDelivery" || ${entry}::jsonb`;
}
