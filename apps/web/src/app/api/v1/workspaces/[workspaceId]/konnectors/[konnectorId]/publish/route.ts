import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { publishKonnector } from '@/server/konnectors/lifecycle';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

/** 409 when the konnector is off (turning it on publishes); 400 `invalid_definition` with `problems`. */
export const POST = route({
  access: 'member',
  params,
  summary: 'Publish the draft of an active konnector as a new version',
  handle: ({ ws, params }) => publishKonnector(ws, params.konnectorId),
});
