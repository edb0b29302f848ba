import { listTrigger } from './list-trigger';

export const noteCreated = listTrigger({
  key: 'note_created',
  name: 'Note Created',
  description: 'Fires when a new note is created in Custify.',
  source: 'notes',
  event: 'created',
});
