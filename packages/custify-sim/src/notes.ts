import { z } from 'zod';
import { mustGet, mustUpdate, ok, param, type Ctx } from './context';
import { requireEntity } from './entities';
import { listBody, listRecords } from './list';
import type { Router } from './router';
import { entityModel, objectId, parseInput } from './validate';

const NoteWrite = z.object({
  entity: objectId,
  entityModel,
  subject: z.string().optional(),
  text: z.string(),
});

function createNote(ctx: Ctx) {
  const input = parseInput(NoteWrite, ctx.body);
  requireEntity(ctx, input.entityModel, input.entity);
  return ok(ctx.store.insert('notes', input));
}

function updateNote(ctx: Ctx) {
  const note = mustGet(ctx, 'notes', param(ctx, 'id'));
  const input = parseInput(NoteWrite.partial(), ctx.body);
  requireEntity(ctx, input.entityModel ?? note.entityModel, input.entity ?? note.entity);
  return ok(mustUpdate(ctx, 'notes', note.id, input));
}

export function noteRoutes(router: Router): void {
  router
    .get('/note', (ctx) => ok(listBody(listRecords(ctx, 'notes'), 'notes')))
    .get('/note/:id', (ctx) => ok(mustGet(ctx, 'notes', param(ctx, 'id'))))
    .post('/note', createNote)
    .post('/note/:id', updateNote);
}
