import { listTrigger } from './list-trigger';

export const personCreated = listTrigger({
  key: 'person_created',
  name: 'Person Created',
  description: 'Fires when a new person is created in Custify.',
  source: 'people',
  event: 'created',
});
