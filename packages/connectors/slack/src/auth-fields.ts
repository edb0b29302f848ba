import { z } from 'zod';

export const DEFAULT_BASE_URL = 'https://slack.com/api';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** What a Slack connection stores: the bot token (secret) and the Web API base URL. */
export const slackAuthFields = z.object({
  token: z
    .string()
    .trim()
    .min(1, 'Bot token is required')
    .refine((v) => v.startsWith('xox'), 'Bot token must be a Slack token (xoxb-…)')
    .meta({
      label: 'Bot token',
      description: "Your Slack app's Bot User OAuth Token (xoxb-…), from OAuth & Permissions. Sent as a Bearer token.",
      secret: true,
    }),
  baseUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || isHttpUrl(v), 'Base URL must be an http(s) URL, e.g. https://slack.com/api')
    .optional()
    .meta({
      label: 'Base URL',
      description: 'Leave empty for https://slack.com/api. Set it to the local Slack simulator (e.g. http://127.0.0.1:4020/api) for tests and the demo.',
      placeholder: DEFAULT_BASE_URL,
    }),
});

export type SlackAuthValue = z.infer<typeof slackAuthFields>;

export function baseUrlOf(auth: SlackAuthValue): string {
  return (auth.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
}
