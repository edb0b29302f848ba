import { z } from 'zod';
import { callSlack } from '../api';
import { action } from '../auth';
import { blocks, channel, contentArgs, messageTs, requireContent, text } from '../fields';

const flag = (label: string, description: string) => z.boolean().optional().meta({ label, description });

export const sendChannelMessage = action({
  key: 'send_channel_message',
  name: 'Send Message to Channel',
  group: 'Messages',
  description: 'Posts a message (text and/or Block Kit blocks) to a channel, or as a reply in a thread (chat.postMessage).',
  input: z
    .object({
      channel,
      text,
      blocks,
      thread_ts: messageTs('Thread timestamp', "Reply in this message's thread: the parent message's ts.").optional(),
      reply_broadcast: flag('Also send to channel', 'With a thread timestamp: show the reply in the channel too.'),
      unfurl_links: flag('Unfurl links', 'Show previews of text links.'),
      unfurl_media: flag('Unfurl media', 'Show previews of media links (Slack default: on).'),
    })
    .superRefine(requireContent),
  run: async ({ input, auth, http }) =>
    callSlack(
      http,
      auth,
      'chat.postMessage',
      {
        channel: input.channel,
        ...contentArgs(input),
        thread_ts: input.thread_ts,
        reply_broadcast: input.thread_ts ? input.reply_broadcast : undefined,
        unfurl_links: input.unfurl_links,
        unfurl_media: input.unfurl_media,
      },
      'json',
    ),
});
