import { defineConnector } from '@konnect/sdk';
import { actions } from './actions';
import { slackAuth } from './auth';
import { SLACK_ICON } from './icon';
import { channelOptions, userOptions } from './options';
import { triggers } from './triggers';

export const slack = defineConnector({
  key: 'slack',
  name: 'Slack',
  description: 'Team chat: post and update messages, send direct messages, react, find people, and watch channels for new messages.',
  category: 'app',
  icon: SLACK_ICON,
  auth: slackAuth,
  triggers,
  actions,
  options: { channels: channelOptions, users: userOptions },
});

export { slackAuth } from './auth';
export { DEFAULT_BASE_URL, type SlackAuthValue } from './auth-fields';
export { classifySlackError } from './errors';
