import { listTrigger } from './list-trigger';

export const lifecycleCreated = listTrigger({
  key: 'lifecycle_created',
  name: 'Lifecycle Created',
  description: 'Fires when a new lifecycle is created in Custify.',
  source: 'lifecycles',
  event: 'created',
});
