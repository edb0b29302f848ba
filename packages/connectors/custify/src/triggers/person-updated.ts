import { listTrigger } from './list-trigger';

export const personUpdated = listTrigger({
  key: 'person_updated',
  name: 'Person Updated',
  description: 'Fires each time a person is updated in Custify.',
  source: 'people',
  event: 'updated',
});
