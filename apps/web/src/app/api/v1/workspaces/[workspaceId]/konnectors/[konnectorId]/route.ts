import { z } from 'zod';
import { UpdateKonnectorBody } from '@/lib/konnector-bodies';
import { recordKonnectorSaved } from '@/server/audit/activity';
import { idParam, route } from '@/server/handler';
import { deleteKonnector, getKonnector, updateKonnector } from '@/server/konnectors/konnectors';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const GET = route({ access: 'member', params, summary: 'A konnector with its draft, problems, published version, webhook and (lists that cannot sort) how long a full scan takes', handle: ({ ws, params }) => getKonnector(ws, params.konnectorId) });

export const PATCH = route({
  access: 'member',
  params,
  body: UpdateKonnectorBody,
  summary: 'Edit name, description, tags or the draft (problems are listed, not refused)',
  handle: async ({ ws, params, body }) => {
    const konnector = await updateKonnector(ws, params.konnectorId, body);
    await recordKonnectorSaved(ws, konnector, body);
    return konnector;
  },
});

/** Admins only: deletes its versions and run history too. An active konnector is turned off first. */
export const DELETE = route({ access: 'admin', params, summary: 'Delete a konnector (and its runs)', handle: ({ ws, params }) => deleteKonnector(ws, params.konnectorId) });
