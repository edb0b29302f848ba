import { route } from '@/server/handler';
import { listCallable } from '@/server/konnectors/callable';

export const dynamic = 'force-dynamic';

/** Konnectors a "Run konnector" step can run: their declared inputs and the fields their Return steps send back. */
export const GET = route({
  access: 'member',
  summary: 'Konnectors of this workspace that other konnectors can run (trigger "Called by another konnector"), with their inputs and outputs',
  handle: ({ ws }) => listCallable(ws),
});
