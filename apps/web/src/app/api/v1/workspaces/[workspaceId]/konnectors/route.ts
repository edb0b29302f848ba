import { CreateKonnectorBody, KonnectorListQuery } from '@/lib/konnector-bodies';
import { route } from '@/server/handler';
import { createKonnector } from '@/server/konnectors/konnectors';
import { listKonnectors } from '@/server/konnectors/list';

export const dynamic = 'force-dynamic';

export const GET = route({
  access: 'member',
  query: KonnectorListQuery,
  summary: 'The konnector library: search, filters, last run and runs in the last 24 h',
  handle: ({ ws, query }) => listKonnectors(ws, query),
});

/** Blank (`name`, optional `definition`) or from a template (`templateKey`, `connectionId`); always inactive. */
export const POST = route({
  access: 'member',
  body: CreateKonnectorBody,
  status: 201,
  summary: 'Create a konnector (blank, with a definition, or from a template)',
  handle: ({ ws, body }) => createKonnector(ws, body),
});
