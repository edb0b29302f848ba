import { z } from 'zod';
import { mustGet, mustUpdate, ok, param, type Ctx } from './context';
import { invalid, notFound } from './errors';
import { listBody, listRecords } from './list';
import type { Router } from './router';
import { isoDate, objectId, parseInput } from './validate';

const externalId = z.union([z.string().trim().min(1), z.number()]).transform(String);
const money = z.number().nullable().optional();
const text = z.string().nullable().optional();
const date = isoDate.nullable().optional();

const kinds = {
  deal: {
    collection: 'deals',
    plural: 'deals',
    fields: z.object({ entity: objectId.nullable().optional(), name: text, amount: money, currency: text, stage: text, closedAt: date }),
  },
  invoice: {
    collection: 'invoices',
    plural: 'invoices',
    fields: z.object({
      entity: objectId.nullable().optional(),
      number: text,
      amount: money,
      currency: text,
      status: text,
      issuedAt: date,
      dueAt: date,
    }),
  },
  subscription: {
    collection: 'subscriptions',
    plural: 'subscriptions',
    fields: z.object({
      entity: objectId.nullable().optional(),
      plan: text,
      mrr: money,
      currency: text,
      status: text,
      startedAt: date,
      endedAt: date,
    }),
  },
} as const;

type Kind = keyof typeof kinds;

function requireCompany(ctx: Ctx, entity: string | null | undefined): void {
  if (entity && !ctx.store.get('companies', entity)) throw invalid(`entity does not match any Company (id ${entity})`);
}

function financialRoutesFor(router: Router, kind: Kind): void {
  const { collection, plural, fields } = kinds[kind];
  const base = `/financial/${kind}`;
  const withExternalId = fields.extend({ externalId });
  router
    .get(base, (ctx) => ok(listBody(listRecords(ctx, collection), plural)))
    .get(`${base}/:id`, (ctx) => ok(mustGet(ctx, collection, param(ctx, 'id'))))
    .post(base, (ctx: Ctx) => {
      const input = parseInput(withExternalId, ctx.body);
      requireCompany(ctx, input.entity);
      const existing = ctx.store.find(collection, (r) => r.externalId === input.externalId);
      return ok(existing ? mustUpdate(ctx, collection, existing.id, input) : ctx.store.insert(collection, input));
    })
    .post(`${base}/:id`, (ctx: Ctx) => {
      const record = mustGet(ctx, collection, param(ctx, 'id'));
      const input = parseInput(withExternalId.partial(), ctx.body);
      requireCompany(ctx, input.entity);
      if (input.externalId !== undefined && input.externalId !== record.externalId) {
        const other = ctx.store.find(collection, (r) => r.externalId === input.externalId);
        if (other) throw invalid(`externalId ${input.externalId} already belongs to another ${kind} (${other.id})`);
      }
      return ok(mustUpdate(ctx, collection, record.id, input));
    })
    .delete(base, (ctx: Ctx) => {
      const key = ctx.query.get('externalId');
      if (!key) throw invalid('externalId is required (query parameter)');
      const matches = ctx.store.list(collection).filter((r) => r.externalId === key);
      for (const r of matches) ctx.store.remove(collection, r.id);
      return ok({ deleted: matches.length });
    })
    .delete(`${base}/:id`, (ctx: Ctx) => {
      if (!ctx.store.remove(collection, param(ctx, 'id'))) throw notFound();
      return ok({ deleted: 1 });
    });
}

export function financialRoutes(router: Router): void {
  for (const kind of Object.keys(kinds) as Kind[]) financialRoutesFor(router, kind);
}
