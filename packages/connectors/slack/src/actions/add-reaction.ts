import { z } from 'zod';
import { callSlack, slackCode } from '../api';
import { action } from '../auth';
import { channel, messageTs } from '../fields';

export const addReaction = action({
  key: 'add_reaction',
  name: 'Add Reaction',
  group: 'Messages',
  description: 'Adds an emoji reaction from the app to a message (reactions.add). A reaction the app already added counts as done.',
  input: z.object({
    channel,
    timestamp: messageTs('Message timestamp', 'The ts of the message to react to.'),
    name: z
      .string()
      .trim()
      .min(1, 'Emoji is required')
      .meta({ label: 'Emoji', description: 'The emoji name without colons, e.g. thumbsup or white_check_mark (":eyes:" is read as eyes).', placeholder: 'thumbsup' }),
  }),
  run: async ({ input, auth, http }) => {
    const name = input.name.replace(/^:+|:+$/g, '');
    try {
      await callSlack(http, auth, 'reactions.add', { channel: input.channel, timestamp: input.timestamp, name }, 'form');
      return { ok: true, channel: input.channel, timestamp: input.timestamp, name, already_reacted: false };
    } catch (err) {
      // The reaction is there: a step run again after a crash must not fail on it.
      if (slackCode(err) === 'already_reacted') {
        return { ok: true, channel: input.channel, timestamp: input.timestamp, name, already_reacted: true };
      }
      throw err;
    }
  },
});
