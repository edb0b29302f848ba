import { listTrigger } from './list-trigger';

export const lifecycleUpdated = listTrigger({
  key: 'lifecycle_updated',
  name: 'Lifecycle Updated',
  description: 'Fires each time a lifecycle is updated in Custify.',
  source: 'lifecycles',
  event: 'updated',
});
