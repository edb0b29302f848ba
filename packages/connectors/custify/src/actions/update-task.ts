import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { text } from '../fields/common';
import { taskAttributes, taskId } from '../fields/task';
import { callForRecord } from '../request';

export const updateTask = action({
  key: 'update_task',
  name: 'Update Task',
  group: 'Tasks',
  description: 'Changes a task by its internal id; only the fields given change (e.g. set status to done).',
  input: z.object({ id: taskId, name: text('Name').optional(), ...taskAttributes }),
  run: ({ input, http }) => {
    const { id, ...fields } = input;
    return callForRecord(http, ENDPOINTS.updateTask, { path: { id }, body: fields });
  },
});
