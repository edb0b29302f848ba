import { z } from 'zod';
import { mustGet, mustUpdate, ok, param, type Ctx } from './context';
import { requireEntity } from './entities';
import { invalid, notFound } from './errors';
import { listBody, listRecords } from './list';
import type { Router } from './router';
import { entityModel, isoDate, objectId, parseInput } from './validate';

const TimeTrackWrite = z.object({
  entity: objectId,
  entityModel,
  minutes: z.number().positive(),
  description: z.string().nullable().optional(),
  date: isoDate.nullable().optional(),
  userId: z.string().nullable().optional(),
});

function createTimeTrack(ctx: Ctx) {
  const input = parseInput(TimeTrackWrite, ctx.body);
  requireEntity(ctx, input.entityModel, input.entity);
  return ok(ctx.store.insert('time_tracks', input));
}

function updateTimeTrack(ctx: Ctx) {
  const track = mustGet(ctx, 'time_tracks', param(ctx, 'id'));
  const input = parseInput(TimeTrackWrite.partial(), ctx.body);
  requireEntity(ctx, input.entityModel ?? track.entityModel, input.entity ?? track.entity);
  return ok(mustUpdate(ctx, 'time_tracks', track.id, input));
}

export function timeTrackRoutes(router: Router): void {
  router
    .get('/time_track', (ctx) => ok(listBody(listRecords(ctx, 'time_tracks'), 'time_tracks')))
    .get('/time_track/:id', (ctx) => ok(mustGet(ctx, 'time_tracks', param(ctx, 'id'))))
    .post('/time_track', createTimeTrack)
    .post('/time_track/:id', updateTimeTrack)
    .delete('/time_track', (ctx) => {
      const id = ctx.query.get('id');
      if (!id) throw invalid('id is required (query parameter)');
      return ok({ deleted: ctx.store.remove('time_tracks', id) ? 1 : 0 });
    })
    .delete('/time_track/:id', (ctx) => {
      if (!ctx.store.remove('time_tracks', param(ctx, 'id'))) throw notFound();
      return ok({ deleted: 1 });
    });
}
