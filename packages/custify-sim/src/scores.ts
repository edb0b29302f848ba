import { z } from 'zod';
import { mustGet, ok, param, type Ctx } from './context';
import { invalid, notFound } from './errors';
import type { Person } from './records-core';
import type { Router } from './router';
import { externalKey, isoDate, parseInput } from './validate';

const scoreBody = (min: number, max: number) =>
  z.object({
    score: z.number().int().min(min).max(max),
    comment: z.string().nullable().optional(),
    submittedAt: isoDate.optional(),
  });

const NpsWrite = scoreBody(0, 10);
const CsatWrite = scoreBody(1, 5);

const EventWrite = z.object({
  name: z.string().trim().min(1),
  created_at: isoDate.optional(),
  user_id: externalKey.optional(),
  email: z.email().optional(),
  company_id: externalKey.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  deduplication_id: z.string().min(1).optional(),
});

/** The older form `POST /nps_score?email=` (or `?user_id=`) names the person in the query. */
function personFromQuery(ctx: Ctx): Person {
  const email = ctx.query.get('email');
  const userId = ctx.query.get('user_id');
  if (!email && !userId) throw invalid('entity is required (path /nps_score/{personId}, or ?email= / ?user_id=)');
  const person = ctx.store.find('people', (p) =>
    userId ? p.user_id === userId : p.email?.toLowerCase() === email?.toLowerCase(),
  );
  if (!person) throw notFound();
  return person;
}

function assignNps(ctx: Ctx, person: Person) {
  const input = parseInput(NpsWrite, ctx.body);
  const submittedAt = input.submittedAt ?? ctx.store.now().toISOString();
  return ok(ctx.store.insert('nps_scores', { entity: person.id, score: input.score, comment: input.comment ?? null, submittedAt }));
}

function assignCsat(ctx: Ctx) {
  const person = mustGet(ctx, 'people', param(ctx, 'entity'));
  const input = parseInput(CsatWrite, ctx.body);
  const submittedAt = input.submittedAt ?? ctx.store.now().toISOString();
  return ok(ctx.store.insert('csat_scores', { entity: person.id, score: input.score, comment: input.comment ?? null, submittedAt }));
}

/** Accepts a custom event (202); a repeated deduplication_id is accepted but stored once. */
function insertEvent(ctx: Ctx) {
  const input = parseInput(EventWrite, ctx.body);
  if (input.user_id === undefined && input.email === undefined) throw invalid('user_id or email is required');
  const duplicate =
    input.deduplication_id !== undefined &&
    ctx.store.find('events', (e) => e.deduplication_id === input.deduplication_id) !== undefined;
  if (!duplicate) {
    const person = ctx.store.find('people', (p) =>
      input.user_id !== undefined ? p.user_id === input.user_id : p.email?.toLowerCase() === input.email?.toLowerCase(),
    );
    const { created_at, ...fields } = input;
    ctx.store.insert('events', { ...fields, person: person?.id ?? null }, created_at ? { at: new Date(created_at) } : {});
  }
  return ok({ accepted: true }, 202);
}

export function scoreRoutes(router: Router): void {
  router
    .post('/nps_score', (ctx) => assignNps(ctx, personFromQuery(ctx)))
    .post('/nps_score/:entity', (ctx) => assignNps(ctx, mustGet(ctx, 'people', param(ctx, 'entity'))))
    .post('/csat_score/:entity', assignCsat)
    .post('/event', insertEvent);
}
