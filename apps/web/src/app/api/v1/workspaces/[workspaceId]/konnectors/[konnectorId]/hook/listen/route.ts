import { z } from 'zod';
import { ListenBody } from '@/lib/konnector-bodies';
import { idParam, route } from '@/server/handler';
import { hookListenStatus, listenForTestRequest, stopListeningForTestRequest } from '@/server/konnectors/hook';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const GET = route({
  access: 'member',
  params,
  summary: 'The listening window: idle, listening (until), caught (with the sample), failed (why) or timed_out',
  handle: ({ ws, params }) => hookListenStatus(ws, params.konnectorId),
});

/** The next call to the hook URL within `seconds` (10–600, default 120) becomes the trigger's sample. */
export const POST = route({
  access: 'member',
  scope: 'run',
  params,
  body: ListenBody,
  summary: 'Listen for a test request: the next call to the Catch Hook URL is caught as the trigger sample',
  handle: ({ ws, params, body }) => listenForTestRequest(ws, params.konnectorId, body.seconds),
});

export const DELETE = route({ access: 'member', scope: 'run', params, summary: 'Stop listening (a caught sample stays)', handle: ({ ws, params }) => stopListeningForTestRequest(ws, params.konnectorId) });
