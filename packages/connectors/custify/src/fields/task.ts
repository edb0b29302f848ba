import { z } from 'zod';
import { internalId, isoDate, text } from './common';

export const taskId = internalId('Task ID', 'Internal Custify id of the task.');
export const taskAttributes = {
  description: z.string().optional().meta({ label: 'Description', multiline: true }),
  priority: z
    .union([z.string().trim().min(1), z.number()])
    .optional()
    .meta({ label: 'Priority', description: 'e.g. low, medium, high (or a number).' }),
  status: z
    .enum(['open', 'done', 'not relevant'])
    .optional()
    .meta({ label: 'Status', description: 'open, done or not relevant.' }),
  dueDate: isoDate('Due date').optional(),
  assignedTo: text('Assigned to', 'Custify user id or email of the assignee.').optional(),
};
