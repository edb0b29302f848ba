import { listTrigger } from './list-trigger';

export const playbookUpdated = listTrigger({
  key: 'playbook_updated',
  name: 'Playbook Updated',
  description: 'Fires each time a playbook is updated in Custify.',
  source: 'playbooks',
  event: 'updated',
  ofType: true,
});
