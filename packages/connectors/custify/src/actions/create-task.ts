import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { entityFields, text } from '../fields/common';
import { taskAttributes } from '../fields/task';
import { callForRecord } from '../request';

export const createTask = action({
  key: 'create_task',
  name: 'Create Task',
  group: 'Tasks',
  description: 'Creates a task on a company or person.',
  input: z.object({ name: text('Name'), ...entityFields('task'), ...taskAttributes }),
  run: ({ input, http }) => callForRecord(http, ENDPOINTS.createTask, { body: input }),
});
