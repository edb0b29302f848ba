import { z } from 'zod';
import { mustGet, mustUpdate, ok, param, type Ctx } from './context';
import type { RecordPatch } from './collections';
import { requireEntity } from './entities';
import { listBody, listRecords } from './list';
import { taskStatus } from './records-core';
import type { Router } from './router';
import { entityModel, isoDate, objectId, parseInput } from './validate';

const TaskWrite = z.object({
  name: z.string().trim().min(1),
  description: z.string().nullable().optional(),
  entity: objectId,
  entityModel,
  priority: z.union([z.string(), z.number()]).nullable().optional(),
  status: taskStatus.optional(),
  dueDate: isoDate.nullable().optional(),
  assignedTo: z.string().nullable().optional(),
});

/** Tasks cap `itemsPerPage` at 50. */
export const TASK_PAGE_CAP = 50;

function createTask(ctx: Ctx) {
  const input = parseInput(TaskWrite, ctx.body);
  requireEntity(ctx, input.entityModel, input.entity);
  const completedAt = input.status === 'done' ? ctx.store.now().toISOString() : null;
  return ok(ctx.store.insert('tasks', { ...input, completedAt }));
}

function updateTask(ctx: Ctx) {
  const task = mustGet(ctx, 'tasks', param(ctx, '_id'));
  const input = parseInput(TaskWrite.partial(), ctx.body);
  requireEntity(ctx, input.entityModel ?? task.entityModel, input.entity ?? task.entity);
  const patch: RecordPatch<'tasks'> = { ...input };
  if (input.status !== undefined && input.status !== task.status) {
    patch.completedAt = input.status === 'done' ? ctx.store.now().toISOString() : null;
  }
  return ok(mustUpdate(ctx, 'tasks', task.id, patch));
}

export function taskRoutes(router: Router): void {
  router
    .get('/task', (ctx) => ok(listBody(listRecords(ctx, 'tasks', { maxItemsPerPage: TASK_PAGE_CAP }), 'tasks')))
    .get('/task/:_id', (ctx) => ok(mustGet(ctx, 'tasks', param(ctx, '_id'))))
    .post('/task', createTask)
    .put('/task/:_id', updateTask);
}
