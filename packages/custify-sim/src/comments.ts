import { z } from 'zod';
import { mustUpdate, ok, param, type Ctx } from './context';
import { entityModelFromPath, requireEntity } from './entities';
import { notFound } from './errors';
import { listBody, listRecords } from './list';
import type { Router } from './router';
import { objectId, parseInput } from './validate';

const CommentWrite = z.object({
  text: z.string().min(1),
  id: objectId.optional(),
});

function target(ctx: Ctx) {
  const model = entityModelFromPath(param(ctx, 'entityModel'));
  const entity = param(ctx, 'entity');
  requireEntity(ctx, model, entity);
  return { entityModel: model, entity };
}

/** Creates a comment, or updates the entity's comment `id` when given. */
function writeComment(ctx: Ctx) {
  const { entityModel, entity } = target(ctx);
  const input = parseInput(CommentWrite, ctx.body);
  if (input.id === undefined) return ok(ctx.store.insert('comments', { entity, entityModel, text: input.text }));
  const comment = ctx.store.get('comments', input.id);
  if (!comment || comment.entity !== entity || comment.entityModel !== entityModel) throw notFound();
  return ok(mustUpdate(ctx, 'comments', comment.id, { text: input.text }));
}

export function commentRoutes(router: Router): void {
  router
    .get('/comment/:entityModel/:entity', (ctx) => {
      const { entityModel, entity } = target(ctx);
      const page = listRecords(ctx, 'comments', { where: (c) => c.entity === entity && c.entityModel === entityModel });
      return ok(listBody(page, 'comments'));
    })
    .post('/comment/:entityModel/:entity', writeComment);
}
