import { z } from 'zod';
import { callSlack } from '../api';
import { action } from '../auth';
import { blocks, channelField, contentArgs, messageTs, requireContent, text } from '../fields';

export const updateMessage = action({
  key: 'update_message',
  name: 'Update Message',
  group: 'Messages',
  description: 'Replaces the text and/or blocks of a message the app posted (chat.update). Text without blocks removes the old blocks.',
  input: z
    .object({
      channel: channelField('The channel of the message; for a direct message its D… ID (the "channel" a Send Direct Message step returned).'),
      ts: messageTs('Message timestamp', 'The ts of the message to update, e.g. {{steps.a1.ts}}.'),
      text,
      blocks,
    })
    .superRefine(requireContent),
  run: async ({ input, auth, http }) => callSlack(http, auth, 'chat.update', { channel: input.channel, ts: input.ts, ...contentArgs(input) }, 'json'),
});
