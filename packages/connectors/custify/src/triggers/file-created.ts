import { listTrigger } from './list-trigger';

export const fileCreated = listTrigger({
  key: 'file_created',
  name: 'File Created',
  description: 'Fires when a new file is created in Custify.',
  source: 'files',
  event: 'created',
});
