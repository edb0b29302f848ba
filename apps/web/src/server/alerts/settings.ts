/**
 * Alert settings API: the workspace's settings and a konnector's override. Owners and admins
 * change them (the routes say so); every change is audited with the names of the fields changed.
 * The Slack incoming-webhook URL, the generic webhook URL and its signing secret are sealed
 * (@konnect/db encryption) and never returned: only masked hints, and the signing secret once, in
 * the answer of the request that generated it.
 */
import { randomBytes } from 'node:crypto';
import type { Keyring } from '@konnect/db';
import { openAlertSecrets, sealAlertSecrets, storedChannels, storedOverride, storedSettings, urlHint, type AlertSecrets, type DeliveryStatus, type StoredChannels } from '@konnect/platform';
import { DEFAULT_ALERT_SETTINGS, mergeAlertSettings, type AlertOverride, type AlertOverrideInput, type AlertSettings, type AlertSettingsInput } from '@konnect/schemas';
import { audit } from '../audit/audit';
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';

interface ChannelDto {
  configured: boolean;
  hint: string | null;
  /** For a konnector: where the channel comes from. */
  source?: 'workspace' | 'konnector' | 'off';
}

export interface AlertSettingsDto {
  settings: AlertSettings;
  slack: ChannelDto;
  webhook: ChannelDto & { secretSet: boolean };
  lastDelivery: Record<string, DeliveryStatus>;
  /** The webhook signing secret, only in the answer of the request that generated it. */
  webhookSecret?: string;
}

export interface KonnectorAlertsDto extends AlertSettingsDto {
  /** The konnector's own override (null: it follows the workspace). */
  override: AlertOverride | null;
  status: 'active' | 'inactive';
  state: { failingSince: string | null; consecutiveFailures: number; autoPausedAt: string | null; digestDueAt: string | null } | null;
}

type Row = { settings: unknown; sealed: string | null; lastDelivery: unknown } | null;

/** The write-only fields of a settings body. */
type SecretFields = 'slackWebhookUrl' | 'webhookUrl' | 'rotateWebhookSecret';

function deliveries(raw: unknown): Record<string, DeliveryStatus> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, DeliveryStatus>) : {};
}

/** Applies the write-only fields of a body to the row's channels and secrets; returns a generated signing secret. */
function applySecrets(body: Pick<AlertSettingsInput, SecretFields>, channels: StoredChannels, secrets: AlertSecrets, offValue: null | undefined): string | undefined {
  if (body.slackWebhookUrl !== undefined) {
    if (body.slackWebhookUrl === null) {
      delete secrets.slackWebhookUrl;
      channels.slack = offValue;
    } else {
      secrets.slackWebhookUrl = body.slackWebhookUrl;
      channels.slack = { hint: urlHint(body.slackWebhookUrl) };
    }
  }
  let generated: string | undefined;
  if (body.webhookUrl === null) {
    delete secrets.webhookUrl;
    delete secrets.webhookSecret;
    channels.webhook = offValue;
  } else if (body.webhookUrl !== undefined) {
    secrets.webhookUrl = body.webhookUrl;
    channels.webhook = { hint: urlHint(body.webhookUrl) };
  }
  if (secrets.webhookUrl && (!secrets.webhookSecret || body.rotateWebhookSecret)) {
    generated = `whsec_${randomBytes(32).toString('base64url')}`;
    secrets.webhookSecret = generated;
  }
  if (channels.slack === undefined) delete channels.slack;
  if (channels.webhook === undefined) delete channels.webhook;
  return generated;
}

async function readRow(ws: WorkspaceScope, konnectorId: string): Promise<Row> {
  return ws.tenant.alertSetting.findFirst({ where: { konnectorId }, select: { settings: true, sealed: true, lastDelivery: true } });
}

async function writeRow(ws: WorkspaceScope, keyring: Keyring, konnectorId: string, settings: object, channels: StoredChannels, secrets: AlertSecrets): Promise<void> {
  const sealed = sealAlertSecrets(keyring, ws.workspaceId, secrets);
  const data = { settings: { ...settings, ...channels }, sealed: sealed?.sealed ?? null, keyVersion: sealed?.keyVersion ?? null };
  const { count } = await ws.tenant.alertSetting.updateMany({ where: { konnectorId }, data });
  if (count === 0) await ws.tenant.alertSetting.create({ data: { workspaceId: ws.workspaceId, konnectorId, ...data } });
}

function channelDto(c: StoredChannels, secrets: AlertSecrets, base?: { c: StoredChannels; s: AlertSecrets }): Pick<AlertSettingsDto, 'slack' | 'webhook'> {
  const pick = (own: StoredChannels['slack'], inherited: StoredChannels['slack'] | undefined): ChannelDto => {
    if (own !== undefined || !base) return { configured: Boolean(own), hint: own?.hint ?? null, ...(base ? { source: own ? 'konnector' : 'off' } : {}) };
    return { configured: Boolean(inherited), hint: inherited?.hint ?? null, source: 'workspace' };
  };
  const webhookOwn = c.webhook !== undefined || !base;
  return {
    slack: pick(c.slack, base?.c.slack),
    webhook: { ...pick(c.webhook, base?.c.webhook), secretSet: Boolean(webhookOwn ? secrets.webhookSecret : base?.s.webhookSecret) },
  };
}

export async function getAlertSettings(ws: WorkspaceScope, keyring: Keyring): Promise<AlertSettingsDto> {
  const row = await readRow(ws, '');
  const secrets = openAlertSecrets(keyring, ws.workspaceId, row?.sealed ?? null);
  return { settings: row ? storedSettings(row.settings) : DEFAULT_ALERT_SETTINGS, ...channelDto(storedChannels(row?.settings), secrets), lastDelivery: deliveries(row?.lastDelivery) };
}

export async function updateAlertSettings(ws: WorkspaceScope, keyring: Keyring, body: AlertSettingsInput): Promise<AlertSettingsDto> {
  const row = await readRow(ws, '');
  const current = row ? storedSettings(row.settings) : DEFAULT_ALERT_SETTINGS;
  const { slackWebhookUrl, webhookUrl, rotateWebhookSecret, ...fields } = body;
  const next: AlertSettings = { ...current, ...fields };
  const channels = storedChannels(row?.settings);
  const secrets = openAlertSecrets(keyring, ws.workspaceId, row?.sealed ?? null);
  const generated = applySecrets({ slackWebhookUrl, webhookUrl, rotateWebhookSecret }, channels, secrets, undefined);
  await writeRow(ws, keyring, '', next, channels, secrets);
  await audit(ws, { action: 'alerts.updated', targetType: 'workspace', targetId: ws.workspaceId, targetLabel: 'Alert settings', details: { fields: Object.keys(body).sort() } });
  const dto = await getAlertSettings(ws, keyring);
  return generated ? { ...dto, webhookSecret: generated } : dto;
}

async function konnectorOf(ws: WorkspaceScope, konnectorId: string) {
  const k = await ws.tenant.konnector.findFirst({ where: { id: konnectorId }, select: { id: true, name: true, status: true } });
  if (!k) throw notFound('Konnector');
  return k;
}

export async function getKonnectorAlerts(ws: WorkspaceScope, keyring: Keyring, konnectorId: string): Promise<KonnectorAlertsDto> {
  const k = await konnectorOf(ws, konnectorId);
  const [base, own, state] = await Promise.all([
    readRow(ws, ''),
    readRow(ws, konnectorId),
    ws.tenant.konnectorAlertState.findFirst({ where: { konnectorId }, select: { failingSince: true, consecutiveFailures: true, autoPausedAt: true, digestDueAt: true } }),
  ]);
  const override = own ? storedOverride(own.settings) : null;
  const baseSecrets = openAlertSecrets(keyring, ws.workspaceId, base?.sealed ?? null);
  const ownSecrets = openAlertSecrets(keyring, ws.workspaceId, own?.sealed ?? null);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    settings: mergeAlertSettings(base ? storedSettings(base.settings) : DEFAULT_ALERT_SETTINGS, override),
    override,
    ...channelDto(storedChannels(own?.settings), ownSecrets, { c: storedChannels(base?.settings), s: baseSecrets }),
    lastDelivery: { ...deliveries(base?.lastDelivery), ...deliveries(own?.lastDelivery) },
    status: k.status,
    state: state ? { failingSince: iso(state.failingSince), consecutiveFailures: state.consecutiveFailures, autoPausedAt: iso(state.autoPausedAt), digestDueAt: iso(state.digestDueAt) } : null,
  };
}

export async function updateKonnectorAlerts(ws: WorkspaceScope, keyring: Keyring, konnectorId: string, body: AlertOverrideInput): Promise<KonnectorAlertsDto> {
  const k = await konnectorOf(ws, konnectorId);
  const row = await readRow(ws, konnectorId);
  const { slackWebhookUrl, webhookUrl, rotateWebhookSecret, ...override } = body;
  const channels = storedChannels(row?.settings);
  const secrets = openAlertSecrets(keyring, ws.workspaceId, row?.sealed ?? null);
  const generated = applySecrets({ slackWebhookUrl, webhookUrl, rotateWebhookSecret }, channels, secrets, null);
  await writeRow(ws, keyring, konnectorId, override, channels, secrets);
  await audit(ws, { action: 'alerts.override_updated', targetType: 'konnector', targetId: konnectorId, targetLabel: k.name, details: { fields: Object.keys(body).sort() } });
  const dto = await getKonnectorAlerts(ws, keyring, konnectorId);
  return generated ? { ...dto, webhookSecret: generated } : dto;
}

export async function removeKonnectorAlerts(ws: WorkspaceScope, konnectorId: string): Promise<void> {
  const k = await konnectorOf(ws, konnectorId);
  const { count } = await ws.tenant.alertSetting.deleteMany({ where: { konnectorId } });
  if (count > 0) await audit(ws, { action: 'alerts.override_removed', targetType: 'konnector', targetId: konnectorId, targetLabel: k.name });
}
