import { z } from 'zod';
import { ActivateBody } from '@/lib/konnector-bodies';
import { idParam, route } from '@/server/handler';
import { activateKonnector } from '@/server/konnectors/lifecycle';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

/** 400 `invalid_definition` with `problems` when the draft is not ready. */
export const POST = route({
  access: 'member',
  params,
  body: ActivateBody,
  summary: 'Publish the draft as a new version and turn the trigger on',
  handle: ({ ws, params, body }) => activateKonnector(ws, params.konnectorId, body),
});
