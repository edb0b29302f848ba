/**
 * Storage: the workspace's data store as a built-in tool (no connection): counters, "already
 * notified" flags, lookup tables and lists kept between runs. The platform hands each run the
 * store bound to its workspace (`services.store`, platform/src/store.ts); these actions only
 * declare inputs and call it.
 */
import { defineConnector } from '@konnect/sdk';
import { icon } from './icon';
import { appendToList, getList, removeFromList } from './lists';
import { deleteValue, getValue, incrementValue, setValue } from './values';

export { setValue, getValue, deleteValue, incrementValue } from './values';
export { appendToList, getList, removeFromList } from './lists';
export { MAX_KEY_LENGTH, MAX_TTL_SECONDS } from './fields';

export const storageConnector = defineConnector({
  key: 'storage',
  name: 'Storage',
  description: 'Keep data between runs in this workspace: values, atomic counters and lists under keys you name, optionally for a limited time.',
  category: 'tool',
  icon,
  auth: { kind: 'none' },
  triggers: [],
  actions: [setValue, getValue, deleteValue, incrementValue, appendToList, getList, removeFromList],
});

export default storageConnector;
