import { z } from 'zod';
import { mustGet, mustUpdate, ok, param, type Ctx } from './context';
import type { RecordPatch } from './collections';
import { invalid, notFound } from './errors';
import { listRecords } from './list';
import type { Person } from './records-core';
import type { Router } from './router';
import { ensureTag } from './tags-shared';
import { externalKey, isoDate, objectId, parseInput } from './validate';

const PersonWrite = z.object({
  user_id: externalKey.optional(),
  email: z.email().optional(),
  name: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  signed_up_at: isoDate.nullable().optional(),
  session_count: z.number().int().min(0).optional(),
  unsubscribed_from_emails: z.boolean().optional(),
  unsubscribed_from_calls: z.boolean().optional(),
  custom_attributes: z.record(z.string(), z.unknown()).optional(),
  companies: z.array(z.object({ company_id: externalKey, remove: z.boolean().optional() })).optional(),
  tags: z.array(z.string().min(1)).optional(),
  last_seen_at: isoDate.nullable().optional(),
});
type PersonWrite = z.infer<typeof PersonWrite>;

function body(ctx: Ctx): Record<string, unknown> {
  return parseInput(z.record(z.string(), z.unknown()), ctx.body);
}

function assertUnique(ctx: Ctx, field: 'user_id' | 'email', value: string | undefined, selfId: string | null): void {
  if (value === undefined) return;
  const other = ctx.store.find('people', (p) => p[field] === value && p.id !== selfId);
  if (other) throw invalid(`${field} ${value} already belongs to another person (${other.id})`);
}

function linkCompanies(ctx: Ctx, current: readonly string[], links: NonNullable<PersonWrite['companies']>): string[] {
  let ids = [...current];
  for (const link of links) {
    const found = ctx.store.find('companies', (c) => c.company_id === link.company_id);
    if (link.remove) {
      if (found) ids = ids.filter((id) => id !== found.id);
      continue;
    }
    const company = found ?? ctx.store.insert('companies', { company_id: link.company_id });
    if (!ids.includes(company.id)) ids.push(company.id);
  }
  return ids;
}

function writePerson(ctx: Ctx, existing: Person | undefined, input: PersonWrite): Person {
  assertUnique(ctx, 'user_id', input.user_id, existing?.id ?? null);
  assertUnique(ctx, 'email', input.email, existing?.id ?? null);
  const { companies, custom_attributes, tags, ...rest } = input;
  const patch: RecordPatch<'people'> = { ...rest };
  if (custom_attributes) patch.custom_attributes = { ...existing?.custom_attributes, ...custom_attributes };
  if (companies) patch.companies = linkCompanies(ctx, existing?.companies ?? [], companies);
  if (tags) patch.tags = tags.map((name) => ensureTag(ctx, 'people', name).name);
  return existing ? mustUpdate(ctx, 'people', existing.id, patch) : ctx.store.insert('people', patch);
}

/** People matching `user_id` or `email` from the query; null when neither is given. */
function peopleByKey(ctx: Ctx): Person[] | null {
  const userId = ctx.query.get('user_id');
  const email = ctx.query.get('email');
  if (userId) return ctx.store.list('people').filter((p) => p.user_id === userId);
  if (email) return ctx.store.list('people').filter((p) => p.email?.toLowerCase() === email.toLowerCase());
  return null;
}

function upsertPerson(ctx: Ctx) {
  const raw = body(ctx);
  if (raw.id !== undefined) throw invalid('id is not accepted by POST /people; use POST /customer to update by internal id');
  const input = parseInput(PersonWrite, raw);
  if (input.user_id === undefined && input.email === undefined) throw invalid('user_id or email is required');
  const existing =
    (input.user_id !== undefined ? ctx.store.find('people', (p) => p.user_id === input.user_id) : undefined) ??
    (input.email !== undefined
      ? ctx.store.find('people', (p) => p.email?.toLowerCase() === input.email?.toLowerCase())
      : undefined);
  return ok(writePerson(ctx, existing, input));
}

function updateCustomer(ctx: Ctx) {
  const raw = body(ctx);
  const { id } = parseInput(z.object({ id: objectId }), raw);
  const existing = mustGet(ctx, 'people', id);
  const { id: _id, ...rest } = raw;
  return ok(writePerson(ctx, existing, parseInput(PersonWrite, rest)));
}

export function peopleRoutes(router: Router): void {
  router
    .get('/people/all', (ctx) => {
      const page = listRecords(ctx, 'people');
      return ok([{ people: page.items, total: page.total, page: page.page, pages: page.pages }]);
    })
    .get('/people', (ctx) => {
      const people = peopleByKey(ctx);
      // Array-wrapped like /people/all (testmonitor/custify-client personByUserId / personByEmail).
      if (people) return ok([{ people, total: people.length }]);
      throw invalid('user_id or email is required; list people with GET /people/all');
    })
    .get('/people/:id', (ctx) => ok(mustGet(ctx, 'people', param(ctx, 'id'))))
    // The bare person by internal id (CustifyOfficial/custify-mcp getContact).
    .get('/customer/:id', (ctx) => ok(mustGet(ctx, 'people', param(ctx, 'id'))))
    .post('/people', upsertPerson)
    .post('/customer', updateCustomer)
    .delete('/people/:id', (ctx) => {
      const person = ctx.store.get('people', param(ctx, 'id'));
      if (!person) throw notFound();
      ctx.store.remove('people', person.id);
      return ok({ deleted: 1 });
    })
    .delete('/people', (ctx) => {
      const people = peopleByKey(ctx);
      if (!people) throw invalid('user_id or email is required');
      for (const p of people) ctx.store.remove('people', p.id);
      return ok({ deleted: people.length });
    });
}
