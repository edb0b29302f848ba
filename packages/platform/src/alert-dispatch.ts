/**
 * Sends an alert on the channels its settings name: in-app notifications for the recipients who
 * are members, one email (through `sendMail`: by default the mail queue, `queueMail`), and one `deliver`
 * job each for the Slack incoming webhook and the generic webhook. A delivery job POSTs through the
 * SDK's HTTP client with the outbound guard (the URLs are user input), is retried with back-off by
 * BullMQ, records the channel's last delivery (Settings shows it) and, after its last attempt,
 * tells the owners and admins in-app ("alert delivery to Slack failed: …"): nothing fails silently.
 *
 * Generic webhook signature: `X-Konnect-Timestamp: <unix seconds>` and
 * `X-Konnect-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` (docs/alerts.md).
 */
import { createHmac } from 'node:crypto';
import type { NoticeMail } from '@konnect/mail';
import { createHttpClient } from '@konnect/sdk';
import { alertRecipients, effectiveAlerts, recordDelivery, workspaceAdmins, type EffectiveAlerts } from './alert-settings';
import type { Alert } from './alert-messages';
import { errorMessage } from './errors';
import type { AlertDeliverJob } from './jobs';
import { queueMail } from './mail';
import { notifyUsers } from './notifications';
import type { Platform } from './platform';
import { enqueue } from './queues';

/** An alert email: the `notice` template's data for these recipients. */
export interface NoticeMessage {
  to: string[];
  workspaceId: string;
  data: NoticeMail;
}
export type SendMail = (msg: NoticeMessage) => Promise<{ id: string; status: 'queued' | 'unavailable' }>;

/** Alert emails through the mail queue; 'unavailable' (no SMTP_URL) makes every alert say so, in-app and in Settings. */
export function mailThroughQueue(p: Platform): SendMail {
  return (msg) => queueMail(p, { ...msg, template: 'notice' });
}

export const MAIL_UNAVAILABLE = 'No mailer is configured on this instance (SMTP_URL is not set): alerts are not emailed, only shown in-app.';

export interface AlertContext {
  sendMail: SendMail;
  /** The web app's base URL, for absolute links (APP_URL, else NEXTAUTH_URL). */
  appUrl: string;
  now?: () => Date;
}

export const nowOf = (ctx: AlertContext): Date => (ctx.now ? ctx.now() : new Date());

export interface Dispatched {
  notifications: number;
  mailed: number;
  deliveries: number;
}

export async function dispatchAlert(p: Platform, ctx: AlertContext, workspaceId: string, alert: Alert, effective?: EffectiveAlerts): Promise<Dispatched> {
  const out: Dispatched = { notifications: 0, mailed: 0, deliveries: 0 };
  const alerts = effective ?? (await effectiveAlerts(p.db, p.keyring, workspaceId, alert.konnectorId));
  const { settings } = alerts;
  if (!settings.events[alert.event]) return out;
  const now = nowOf(ctx);
  const recipients = await alertRecipients(p.db, workspaceId, settings.recipients);
  // An unverified address gets no alert mail (it may not be theirs); they still see the in-app notification.
  const mailTo = recipients.filter((r) => r.verified);
  let mailNote = '';
  if (settings.channels.email && mailTo.length > 0) {
    try {
      const sent = await ctx.sendMail({ to: mailTo.map((r) => r.email), workspaceId, data: alert.notice });
      if (sent.status === 'queued') out.mailed = mailTo.length;
      else mailNote = MAIL_UNAVAILABLE;
      await recordDelivery(p.db, workspaceId, '', 'email', sent.status === 'queued' ? { ok: true, message: `queued for ${mailTo.length} recipient(s)` } : { ok: false, message: MAIL_UNAVAILABLE }, now);
    } catch (err) {
      mailNote = `The alert email could not be queued: ${errorMessage(err)}`;
      await recordDelivery(p.db, workspaceId, '', 'email', { ok: false, message: mailNote }, now);
    }
  }
  if (settings.channels.inApp || mailNote) {
    const body = mailNote ? `${alert.body}\n\n${mailNote}` : alert.body;
    out.notifications = await notifyUsers(p.db, workspaceId, recipients.map((r) => r.userId), {
      kind: alert.kind,
      title: alert.title,
      body,
      runId: alert.runId ?? null,
      konnectorId: alert.konnectorId ?? null,
      connectionId: alert.connectionId ?? null,
    });
  }
  const base = { workspaceId, ...(alert.konnectorId ? { konnectorId: alert.konnectorId } : {}), event: alert.kind, at: now.toISOString() };
  if (alerts.slack) {
    await enqueue(p.queues, 'alert', { type: 'deliver', channel: 'slack', ...base, body: slackMessage(alert.notice) });
    out.deliveries++;
  }
  if (alerts.webhook) {
    await enqueue(p.queues, 'alert', { type: 'deliver', channel: 'webhook', ...base, body: alert.webhook });
    out.deliveries++;
  }
  return out;
}

const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack's incoming-webhook message: `text` (the notification fallback) and blocks (a section per part, a link). */
export function slackMessage(n: NoticeMail): Record<string, unknown> {
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } });
  const blocks: unknown[] = [section(`*${escapeMrkdwn(n.heading)}*\n${escapeMrkdwn(n.intro)}`)];
  if (n.facts?.length) blocks.push({ type: 'section', fields: n.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value).slice(0, 1900)}` })) });
  if (n.items?.length) blocks.push(section(n.items.slice(0, 10).map((i) => (i.url ? `• <${i.url}|${escapeMrkdwn(i.text)}>` : `• ${escapeMrkdwn(i.text)}`)).join('\n')));
  if (n.advice) blocks.push(section(`*What to do:* ${escapeMrkdwn(n.advice)}`));
  if (n.action) blocks.push(section(`<${n.action.url}|${escapeMrkdwn(n.action.label)}>`));
  return { text: `${n.subject}${n.action ? ` — ${n.action.url}` : ''}`, blocks };
}

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the webhook's secret. */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

const DELIVERY_TIMEOUT_MS = 10_000;
const CHANNEL_NAMES = { slack: 'Slack', webhook: 'the webhook' } as const;

/** One delivery attempt; throws to let BullMQ retry. `lastAttempt`: a failure is final and told to people. */
export async function deliverAlert(p: Platform, ctx: AlertContext, job: AlertDeliverJob, lastAttempt: boolean): Promise<{ status: number } | { skipped: string }> {
  const alerts = await effectiveAlerts(p.db, p.keyring, job.workspaceId, job.konnectorId);
  const target = job.channel === 'slack' ? alerts.slack : alerts.webhook;
  if (!target) return { skipped: `${job.channel} is no longer configured` };
  const http = createHttpClient({ ...p.httpOptions, retry: { retries: 0 }, timeoutMs: DELIVERY_TIMEOUT_MS });
  const workspace = await p.db.workspace.findUnique({ where: { id: job.workspaceId }, select: { id: true, name: true } });
  let body: string;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (job.channel === 'webhook' && alerts.webhook) {
    body = JSON.stringify({ event: job.event, workspace, ...job.body, occurredAt: job.at });
    const timestamp = String(Math.floor(nowOf(ctx).getTime() / 1000));
    headers['X-Konnect-Timestamp'] = timestamp;
    headers['X-Konnect-Signature'] = webhookSignature(alerts.webhook.secret, timestamp, body);
  } else {
    body = JSON.stringify(job.body);
  }
  try {
    const res = await http.request({ method: 'POST', url: target.url, body, headers, secrets: [target.url] });
    await recordDelivery(p.db, job.workspaceId, target.scope, job.channel, { ok: true, message: `${res.status}` }, nowOf(ctx));
    return { status: res.status };
  } catch (err) {
    const message = errorMessage(err).slice(0, 500);
    await recordDelivery(p.db, job.workspaceId, target.scope, job.channel, { ok: false, message: `${lastAttempt ? 'gave up' : 'will retry'}: ${message}` }, nowOf(ctx));
    if (lastAttempt) {
      const admins = await workspaceAdmins(p.db, job.workspaceId);
      await notifyUsers(p.db, job.workspaceId, admins.map((a) => a.userId), {
        kind: 'alert_delivery_failed',
        title: `Alert delivery to ${CHANNEL_NAMES[job.channel]} failed`,
        body: `The "${job.event}" alert could not be delivered: ${message}. Check the ${job.channel === 'slack' ? 'Slack webhook URL' : 'webhook URL'} in Settings → Alerts.`,
        konnectorId: job.konnectorId ?? null,
      });
    }
    throw err;
  }
}
