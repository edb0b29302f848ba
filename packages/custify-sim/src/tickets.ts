import { z } from 'zod';
import { ok, param, type Ctx } from './context';
import { requireEntity } from './entities';
import { invalid, notFound } from './errors';
import { listBody, listRecords } from './list';
import type { Ticket } from './records-core';
import type { Router } from './router';
import { entityModel, objectId, parseInput } from './validate';

const TicketWrite = z.object({
  externalId: z.union([z.string().trim().min(1), z.number()]).transform(String),
  entity: objectId,
  entityModel,
  subject: z.string(),
  body: z.string().optional(),
  status: z.string().min(1).optional(),
});

const TicketPatch = TicketWrite.omit({ externalId: true }).partial();

const ReplyWrite = z.object({
  body: z.string().min(1),
  author: z.string().nullable().optional(),
});

function byExternalId(ctx: Ctx): Ticket {
  const externalId = param(ctx, 'externalId');
  const ticket = ctx.store.find('tickets', (t) => t.externalId === externalId);
  if (!ticket) throw notFound();
  return ticket;
}

function createTicket(ctx: Ctx) {
  const input = parseInput(TicketWrite, ctx.body);
  if (ctx.store.find('tickets', (t) => t.externalId === input.externalId)) {
    throw invalid(`externalId ${input.externalId} already exists`);
  }
  requireEntity(ctx, input.entityModel, input.entity);
  return ok(ctx.store.insert('tickets', input));
}

function patchTicket(ctx: Ctx) {
  const ticket = byExternalId(ctx);
  const input = parseInput(TicketPatch, ctx.body);
  requireEntity(ctx, input.entityModel ?? ticket.entityModel, input.entity ?? ticket.entity);
  return ok(ctx.store.update('tickets', ticket.id, input));
}

function replyToTicket(ctx: Ctx) {
  const ticket = byExternalId(ctx);
  const input = parseInput(ReplyWrite, ctx.body);
  const reply = {
    id: ctx.store.newId(),
    body: input.body,
    author: input.author ?? null,
    created_at: ctx.store.now().toISOString(),
  };
  return ok(ctx.store.update('tickets', ticket.id, { replies: [...ticket.replies, reply] }));
}

export function ticketRoutes(router: Router): void {
  router
    .get('/ticket', (ctx) => ok(listBody(listRecords(ctx, 'tickets'), 'tickets')))
    .get('/ticket/external/:externalId', (ctx) => ok(byExternalId(ctx)))
    .post('/ticket', createTicket)
    .patch('/ticket/external/:externalId', patchTicket)
    .delete('/ticket/external/:externalId', (ctx) => {
      ctx.store.remove('tickets', byExternalId(ctx).id);
      return ok({ deleted: 1 });
    })
    .post('/ticket/external/:externalId/reply', replyToTicket);
}
