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
  run: ({ input, http }) => {
    // Custify's own client names the task's owner `company` (or `people` for a person), not entity/entityModel.
    const { entity, entityModel, ...fields } = input;
    const owner = entityModel === 'Company' ? { company: entity } : { people: entity };
    return callForRecord(http, ENDPOINTS.createTask, { body: { ...fields, ...owner } });
  },
});
