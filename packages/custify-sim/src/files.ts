import { z } from 'zod';
import { mustGet, mustUpdate, ok, param, type Ctx } from './context';
import { requireEntity } from './entities';
import { invalid } from './errors';
import { listBody, listRecords } from './list';
import type { Router } from './router';
import { entityModel, objectId, parseInput } from './validate';

const UploadFields = z.object({ entity: objectId, entityModel });

function uploadFile(ctx: Ctx) {
  if (!ctx.form) throw invalid('file is required (send multipart/form-data with a "file" part)');
  const file = ctx.form.files.find((f) => f.field === 'file');
  if (!file) throw invalid('file is required (a multipart part named "file" with a filename)');
  const fields = parseInput(UploadFields, ctx.form.fields);
  requireEntity(ctx, fields.entityModel, fields.entity);
  const record = ctx.store.insert('files', {
    name: file.filename,
    size: file.data.length,
    mimeType: file.mimeType,
    entity: fields.entity,
    entityModel: fields.entityModel,
    showInPortal: false,
  });
  ctx.store.blobs.set(record.id, file.data);
  return ok(record);
}

function unlinkFile(ctx: Ctx) {
  const { id } = parseInput(z.object({ id: objectId }), ctx.body);
  mustGet(ctx, 'files', id);
  mustUpdate(ctx, 'files', id, { entity: null, entityModel: null });
  return ok({ unlinked: true });
}

function setShowInPortal(ctx: Ctx) {
  const file = mustGet(ctx, 'files', param(ctx, 'id'));
  const input = parseInput(z.object({ showInPortal: z.boolean() }), ctx.body);
  return ok(mustUpdate(ctx, 'files', file.id, input));
}

export function fileRoutes(router: Router): void {
  router
    .get('/file', (ctx) => ok(listBody(listRecords(ctx, 'files'), 'files')))
    .post('/file/unlink', unlinkFile)
    .get('/file/:id', (ctx) => ok(mustGet(ctx, 'files', param(ctx, 'id'))))
    .get('/file/:id/content', (ctx) => {
      const file = mustGet(ctx, 'files', param(ctx, 'id'));
      return { body: ctx.store.blobs.get(file.id) ?? Buffer.alloc(0), contentType: file.mimeType };
    })
    .post('/file', uploadFile)
    .put('/file/:id/showInPortal', setShowInPortal);
}
