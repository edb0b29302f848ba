import { z } from 'zod';
import { collectionNames, isCollectionName, type CollectionName, type RecordInput } from './collections';
import { mustGet, ok, param, type Ctx } from './context';
import { HttpError, notFound } from './errors';
import type { EventsMode } from './events-mode';
import type { FaultList } from './faults';
import { listBody, listRecords } from './list';
import type { RecordedRequest } from './request-log';
import { Router } from './router';
import { SEED_NAMES, type SeedName } from './seed';
import { isoDate, parseInput } from './validate';

/** What the control API drives. */
export interface ControlState {
  faults: FaultList;
  events: EventsMode;
  requests: RecordedRequest[];
  reset(seed: SeedName): void;
}

const EventsSwitch = z.object({
  enabled: z.boolean(),
  intervalMs: z.number().int().min(10).optional(),
});

const ResetBody = z.object({ seed: z.enum(SEED_NAMES as [SeedName, ...SeedName[]]).default('demo') });

const Timestamps = z.object({ created_at: isoDate.optional(), updated_at: isoDate.optional() });

function collectionParam(ctx: Ctx): CollectionName {
  const name = param(ctx, 'collection');
  if (!isCollectionName(name)) {
    throw new HttpError(404, { error: `Unknown collection ${name}; one of: ${collectionNames.join(', ')}` });
  }
  return name;
}

/** Split `{created_at?, updated_at?, ...fields}`; the timestamps are checked. */
function splitTimestamps(body: unknown): { fields: Record<string, unknown>; created?: Date; updated?: Date } {
  const record = parseInput(z.record(z.string(), z.unknown()), body ?? {});
  const { created_at, updated_at, ...fields } = record;
  const stamps = parseInput(Timestamps, { created_at, updated_at });
  return {
    fields,
    created: stamps.created_at ? new Date(stamps.created_at) : undefined,
    updated: stamps.updated_at ? new Date(stamps.updated_at) : undefined,
  };
}

function createRecord(ctx: Ctx) {
  const collection = collectionParam(ctx);
  const { fields, created, updated } = splitTimestamps(ctx.body);
  // The store validates every field against the collection's schema (422 naming the field).
  const record = ctx.store.insert(collection, fields as RecordInput<CollectionName>, { at: created ?? updated });
  const final = updated && created ? ctx.store.update(collection, record.id, {}, { at: updated }) : record;
  return ok(final, 201);
}

function patchRecord(ctx: Ctx) {
  const collection = collectionParam(ctx);
  const current = mustGet(ctx, collection, param(ctx, 'id'));
  const { fields, updated } = splitTimestamps(ctx.body);
  return ok(ctx.store.update(collection, current.id, fields, { at: updated }));
}

function countsOf(ctx: Ctx): Record<string, number> {
  return Object.fromEntries(collectionNames.map((c) => [c, ctx.store.count(c)]));
}

/** The `/__control/*` API: no Bearer key, not recorded in the request log, never faulted. */
export function controlRouter(state: ControlState): Router {
  const router = new Router();
  return router
    .get('/__control/faults', () => ok({ faults: state.faults.list() }))
    .post('/__control/faults', (ctx) => ok(state.faults.add(parseInput(z.record(z.string(), z.unknown()), ctx.body)), 201))
    .delete('/__control/faults', () => ok({ cleared: state.faults.clear() }))
    .get('/__control/events', () => ok({ enabled: state.events.running, intervalMs: state.events.intervalMs }))
    .post('/__control/events', (ctx) => {
      const input = parseInput(EventsSwitch, ctx.body);
      if (input.enabled) state.events.start(input.intervalMs ?? state.events.intervalMs);
      else state.events.stop();
      return ok({ enabled: state.events.running, intervalMs: state.events.intervalMs });
    })
    .post('/__control/events/tick', () => {
      state.events.tick();
      return ok({ ticked: true });
    })
    .post('/__control/reset', (ctx) => {
      const { seed } = parseInput(ResetBody, ctx.body ?? {});
      state.reset(seed);
      return ok({ seed, counts: countsOf(ctx) });
    })
    .get('/__control/records', (ctx) => ok({ counts: countsOf(ctx) }))
    .get('/__control/records/:collection', (ctx) => ok(listBody(listRecords(ctx, collectionParam(ctx)), 'records')))
    .get('/__control/records/:collection/:id', (ctx) => ok(mustGet(ctx, collectionParam(ctx), param(ctx, 'id'))))
    .post('/__control/records/:collection', createRecord)
    .patch('/__control/records/:collection/:id', patchRecord)
    .delete('/__control/records/:collection/:id', (ctx) => {
      if (!ctx.store.remove(collectionParam(ctx), param(ctx, 'id'))) throw notFound();
      return ok({ deleted: 1 });
    })
    .get('/__control/requests', () => ok({ total: state.requests.length, requests: state.requests }))
    .delete('/__control/requests', () => {
      const cleared = state.requests.length;
      state.requests.length = 0;
      return ok({ cleared });
    });
}
