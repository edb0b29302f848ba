import { z } from 'zod';
import { ConnectorError } from '@konnect/sdk';
import { callSlack, recordOf, stringOf } from '../api';
import { action } from '../auth';
import { blocks, contentArgs, email, requireContent, text, userId } from '../fields';
import { userByEmail } from './lookup';

export const sendDirectMessage = action({
  key: 'send_direct_message',
  name: 'Send Direct Message',
  group: 'Messages',
  description: 'Sends a direct message from the app to one person, by Slack user ID or by email (users.lookupByEmail, conversations.open, chat.postMessage).',
  input: z
    .object({ user: userId.optional(), email: email.optional(), text, blocks })
    .superRefine((value, ctx) => {
      if (!value.user && !value.email) ctx.addIssue({ code: 'custom', path: ['user'], message: 'User or Email is required' });
      requireContent(value, ctx);
    }),
  run: async ({ input, auth, http }) => {
    let user = input.user;
    if (!user) {
      const found = await userByEmail(http, auth, input.email ?? '');
      if (!found) throw new ConnectorError({ kind: 'not_found', message: `Slack: no active user has the email ${input.email}`, retryable: false });
      user = stringOf(found, 'id', 'users.lookupByEmail');
    }
    const opened = await callSlack(http, auth, 'conversations.open', { users: user }, 'form');
    const dm = stringOf(recordOf(opened, 'channel', 'conversations.open'), 'id', 'conversations.open');
    const posted = await callSlack(http, auth, 'chat.postMessage', { channel: dm, ...contentArgs(input) }, 'json');
    return { ...posted, user_id: user };
  },
});
