import { z } from 'zod';
import { mustGet, mustUpdate, ok, param, type Ctx } from './context';
import type { RecordPatch } from './collections';
import { requireEntity } from './entities';
import { listBody, listRecords } from './list';
import { taskStatus } from './records-core';
import type { Router } from './router';
import { invalid } from './errors';
import { isoDate, objectId, parseInput } from './validate';

/** The body Custify's own client sends: the owner is `company` or `people` (an internal id). */
const TaskWrite = z.object({
  name: z.string().trim().min(1),
  description: z.string().nullable().optional(),
  company: objectId.optional(),
  people: objectId.optional(),
  priority: z.union([z.string(), z.number()]).nullable().optional(),
  status: taskStatus.optional(),
  dueDate: isoDate.nullable().optional(),
  assignedTo: z.string().nullable().optional(),
});

/** Tasks cap `itemsPerPage` at 50. */
export const TASK_PAGE_CAP = 50;

/** `company` / `people` → the stored entity + entityModel (422 naming the field when both or neither). */
function owner(input: { company?: string | undefined; people?: string | undefined }, required: boolean) {
  if (input.company && input.people) throw invalid('give company or people, not both');
  if (input.company) return { entity: input.company, entityModel: 'Company' as const };
  if (input.people) return { entity: input.people, entityModel: 'People' as const };
  if (required) throw invalid('company or people is required');
  return undefined;
}

function createTask(ctx: Ctx) {
  const { company, people, ...input } = parseInput(TaskWrite, ctx.body);
  const target = owner({ company, people }, true)!;
  requireEntity(ctx, target.entityModel, target.entity, target.entityModel === 'Company' ? 'company' : 'people');
  const completedAt = input.status === 'done' ? ctx.store.now().toISOString() : null;
  return ok(ctx.store.insert('tasks', { ...input, ...target, completedAt }));
}

function updateTask(ctx: Ctx) {
  const task = mustGet(ctx, 'tasks', param(ctx, '_id'));
  const { company, people, ...input } = parseInput(TaskWrite.partial(), ctx.body);
  const target = owner({ company, people }, false);
  if (target) requireEntity(ctx, target.entityModel, target.entity, target.entityModel === 'Company' ? 'company' : 'people');
  const patch: RecordPatch<'tasks'> = { ...input, ...target };
  if (input.status !== undefined && input.status !== task.status) {
    patch.completedAt = input.status === 'done' ? ctx.store.now().toISOString() : null;
  }
  return ok(mustUpdate(ctx, 'tasks', task.id, patch));
}

export function taskRoutes(router: Router): void {
  router
    .get('/task', (ctx) => ok(listBody(listRecords(ctx, 'tasks', { maxItemsPerPage: TASK_PAGE_CAP }), 'tasks')))
    .get('/task/:_id', (ctx) => ok({ tasks: [mustGet(ctx, 'tasks', param(ctx, '_id'))], total: 1 }))
    .post('/task', createTask)
    .put('/task/:_id', updateTask);
}
