import { listTrigger } from './list-trigger';

export const taskCreated = listTrigger({
  key: 'task_created',
  name: 'Task Created',
  description: 'Fires when a new task is created in Custify.',
  source: 'tasks',
  event: 'created',
});
