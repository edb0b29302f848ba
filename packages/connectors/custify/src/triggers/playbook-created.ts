import { listTrigger } from './list-trigger';

export const playbookCreated = listTrigger({
  key: 'playbook_created',
  name: 'Playbook Created',
  description: 'Fires when a new playbook is created in Custify.',
  source: 'playbooks',
  event: 'created',
  ofType: true,
});
