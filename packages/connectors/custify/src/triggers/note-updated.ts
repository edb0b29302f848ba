import { listTrigger } from './list-trigger';

export const noteUpdated = listTrigger({
  key: 'note_updated',
  name: 'Note Updated',
  description: 'Fires each time a note is updated in Custify.',
  source: 'notes',
  event: 'updated',
});
