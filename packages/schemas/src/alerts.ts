/**
 * Alert settings: which events alert, who gets them, on which channels, how often, and the
 * optional auto-pause. A workspace has one `AlertSettings`; a konnector may override any part of
 * it (`AlertOverride`, every field optional: what it leaves out comes from the workspace). The
 * Slack incoming-webhook URL, the generic webhook URL and its signing secret are write-only: the
 * API takes them in `AlertSettingsInput` and never returns them (only a masked hint).
 *
 * Every alert is written as one `NoticeMail` (packages/mail): the same text is mailed, shown
 * in-app and posted to Slack.
 */
import { z } from 'zod';

export const AlertEvents = z.object({
  runFailed: z.boolean(),
  recovered: z.boolean(),
  triggerPaused: z.boolean(),
  triggerResumed: z.boolean(),
  connectionAttention: z.boolean(),
  autoPaused: z.boolean(),
});
export type AlertEvents = z.infer<typeof AlertEvents>;
export type AlertEvent = keyof AlertEvents;

export const AlertRecipients = z.object({
  owners: z.boolean(),
  admins: z.boolean(),
  /** Members chosen by email (only members of the workspace receive anything). */
  members: z.array(z.email('expected an email address').max(254).transform((e) => e.toLowerCase())).max(50),
});
export type AlertRecipients = z.infer<typeof AlertRecipients>;

export const AlertChannels = z.object({
  email: z.boolean(),
  inApp: z.boolean(),
});
export type AlertChannels = z.infer<typeof AlertChannels>;

export const MAX_DIGEST_MINUTES = 24 * 60;

export const AlertSettings = z.object({
  events: AlertEvents,
  recipients: AlertRecipients,
  channels: AlertChannels,
  /** Failures after the first alert are grouped into one digest at most every N minutes. */
  digestMinutes: z.number().int().min(1).max(MAX_DIGEST_MINUTES),
  /** Turn the konnector off after N failed runs in a row; null: never. */
  autoPauseAfter: z.number().int().min(2).max(10_000).nullable(),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  events: { runFailed: true, recovered: true, triggerPaused: true, triggerResumed: true, connectionAttention: true, autoPaused: true },
  recipients: { owners: true, admins: true, members: [] },
  channels: { email: true, inApp: true },
  digestMinutes: 60,
  autoPauseAfter: null,
};

/** A konnector's override: any part of the settings (partial event and channel switches too). */
export const AlertOverride = z.object({
  events: AlertEvents.partial().optional(),
  recipients: AlertRecipients.optional(),
  channels: AlertChannels.partial().optional(),
  digestMinutes: AlertSettings.shape.digestMinutes.optional(),
  autoPauseAfter: AlertSettings.shape.autoPauseAfter.optional(),
});
export type AlertOverride = z.infer<typeof AlertOverride>;

const httpsUrl = z
  .url('expected a URL')
  .max(2000)
  .refine((v) => v.startsWith('https://'), 'expected an https:// URL');
const httpUrl = z
  .url('expected a URL')
  .max(2000)
  .refine((v) => /^https?:\/\//.test(v), 'expected an http:// or https:// URL');

/** The write-only channel fields of a PUT: a value sets it, null removes it, left out keeps it. */
export const AlertSecretsInput = z.object({
  slackWebhookUrl: httpsUrl.nullable().optional(),
  webhookUrl: httpUrl.nullable().optional(),
  /** A new signing secret is generated (and shown once) when true, or when a webhook URL is first set. */
  rotateWebhookSecret: z.boolean().optional(),
});

export const AlertSettingsInput = AlertSettings.partial().extend(AlertSecretsInput.shape).strict();
export type AlertSettingsInput = z.infer<typeof AlertSettingsInput>;

export const AlertOverrideInput = AlertOverride.extend(AlertSecretsInput.shape).strict();
export type AlertOverrideInput = z.infer<typeof AlertOverrideInput>;

/** The workspace's settings with a konnector's override on top. */
export function mergeAlertSettings(base: AlertSettings, override: AlertOverride | null | undefined): AlertSettings {
  if (!override) return base;
  return {
    events: { ...base.events, ...override.events },
    recipients: override.recipients ?? base.recipients,
    channels: { ...base.channels, ...override.channels },
    digestMinutes: override.digestMinutes ?? base.digestMinutes,
    autoPauseAfter: override.autoPauseAfter !== undefined ? override.autoPauseAfter : base.autoPauseAfter,
  };
}
