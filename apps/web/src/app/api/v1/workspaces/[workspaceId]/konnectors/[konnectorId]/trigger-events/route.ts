import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { listTriggerEvents } from '@/server/konnectors/trigger-health';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });
const query = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const GET = route({
  access: 'member',
  params,
  query,
  summary: "The trigger's changes of health (ok / retrying / paused, with the reason), newest first",
  handle: ({ ws, params, query }) => listTriggerEvents(ws, params.konnectorId, query.limit),
});
