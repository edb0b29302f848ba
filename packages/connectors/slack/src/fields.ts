/** Input fields the Slack actions and trigger share. */
import { z } from 'zod';

export const MAX_TEXT = 40_000;

/** A channel picked from the dynamic "channels" list, or typed / mapped. */
export const channelField = (description = 'A channel ID (C…, G…, D…) or a name like #cs. The app must be a member of the channel.') =>
  z.string().trim().min(1, 'Channel is required').meta({ label: 'Channel', description, placeholder: 'C0123456789', dynamicOptions: 'channels' });

export const channel = channelField();

export const userId = z
  .string()
  .trim()
  .regex(/^[UW][A-Z0-9]+$/, 'User must be a Slack user ID like U0123456789')
  .meta({ label: 'User', description: 'The Slack user ID (U…).', placeholder: 'U0123456789', dynamicOptions: 'users' });

export const email = z.email('Email must be an email address').meta({ label: 'Email', description: "The person's email address in Slack.", identifier: 'email' });

const TS = /^\d{1,12}\.\d{1,6}$/;

export const messageTs = (label: string, description: string) =>
  z.string().trim().regex(TS, `${label} must be a message timestamp like 1700000000.000100`).meta({ label, description, placeholder: '1700000000.000100' });

export const text = z
  .string()
  .max(MAX_TEXT, `Text must be at most ${MAX_TEXT} characters`)
  .optional()
  .meta({ label: 'Text', description: 'The message, in Slack mrkdwn. With blocks it is the notification fallback.', multiline: true });

export const blocks = z
  .union([z.string(), z.array(z.record(z.string(), z.unknown()))])
  .optional()
  .meta({
    label: 'Blocks (JSON)',
    description: 'Optional Block Kit layout: a JSON array of blocks, e.g. [{"type":"section","text":{"type":"mrkdwn","text":"*Hi*"}}].',
    multiline: true,
  });

/** Blocks as an array: a JSON string is parsed; undefined when empty. Throws an Error saying what is wrong. */
export function blocksValue(raw: string | Record<string, unknown>[] | undefined): Record<string, unknown>[] | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) return raw.length > 0 ? raw : undefined;
  if (raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new Error(`not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!Array.isArray(parsed) || parsed.some((b) => typeof b !== 'object' || b === null || Array.isArray(b))) {
    throw new Error('must be a JSON array of block objects');
  }
  return parsed.length > 0 ? (parsed as Record<string, unknown>[]) : undefined;
}

/** superRefine check: text or blocks must be given, and blocks must parse. */
export function requireContent(value: { text?: string | undefined; blocks?: string | Record<string, unknown>[] | undefined }, ctx: z.RefinementCtx): void {
  let parsed: Record<string, unknown>[] | undefined;
  try {
    parsed = blocksValue(value.blocks);
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['blocks'], message: `Blocks ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  if ((value.text ?? '').trim() === '' && !parsed) ctx.addIssue({ code: 'custom', path: ['text'], message: 'Text or Blocks is required' });
}

/** The message arguments chat.postMessage and chat.update share. */
export function contentArgs(input: { text?: string | undefined; blocks?: string | Record<string, unknown>[] | undefined }): Record<string, unknown> {
  const parsed = blocksValue(input.blocks);
  const t = input.text?.trim() ? input.text : undefined;
  return { ...(t !== undefined ? { text: t } : {}), ...(parsed ? { blocks: parsed } : {}) };
}
