import { defineConnector } from '@konnect/sdk';
import { catchHook } from './catch-hook';
import { icon } from './icon';

export { catchHook, hookEventKey } from './catch-hook';

export const catchHookConnector = defineConnector({
  key: 'catch_hook',
  name: 'Webhooks',
  description: 'Catch requests sent to a unique URL and start a konnector with their data.',
  category: 'tool',
  icon,
  auth: { kind: 'none' },
  triggers: [catchHook],
  actions: [],
});

export default catchHookConnector;
