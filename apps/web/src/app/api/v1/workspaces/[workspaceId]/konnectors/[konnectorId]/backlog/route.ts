import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { getKonnectorBacklog } from '@/server/runs/backlog';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const GET = route({
  access: 'member',
  params,
  summary: "The konnector's backlog: runs waiting to start, running, finished in the last minute, and the expected delay of the next queued run (null: unknown, none finished lately)",
  handle: ({ ws, params }) => getKonnectorBacklog(ws, params.konnectorId),
});
