import type { ApiKeyAuth } from '@konnect/sdk';
import { bindAuth } from '@konnect/sdk';
import { callSlack } from './api';
import { baseUrlOf, slackAuthFields } from './auth-fields';

export const slackAuth: ApiKeyAuth<typeof slackAuthFields> = {
  kind: 'apiKey',
  fields: slackAuthFields,
  http(auth) {
    return { baseURL: baseUrlOf(auth), headers: { Authorization: `Bearer ${auth.token}`, Accept: 'application/json' } };
  },
  /** auth.test: one cheap call; the account is the workspace and the bot user. */
  async validate({ auth, http }) {
    const answer = await callSlack(http, auth, 'auth.test', {}, 'form');
    const team = typeof answer.team === 'string' ? answer.team : 'Slack';
    const user = typeof answer.user === 'string' ? answer.user : '';
    return { account: user ? `${team} (@${user})` : team };
  },
};

/** `action` / `trigger` with the Slack auth type bound once. */
export const { action, trigger } = bindAuth(slackAuth);
