import { listTrigger } from './list-trigger';

export const taskUpdated = listTrigger({
  key: 'task_updated',
  name: 'Task Updated',
  description: 'Fires each time a task is updated in Custify.',
  source: 'tasks',
  event: 'updated',
});
