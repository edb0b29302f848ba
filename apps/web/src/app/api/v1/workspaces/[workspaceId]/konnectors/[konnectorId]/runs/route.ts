import { z } from 'zod';
import { RunListQuery } from '@/lib/konnector-bodies';
import { idParam, route } from '@/server/handler';
import { listRuns } from '@/server/runs/list';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const GET = route({
  access: 'member',
  params,
  query: RunListQuery,
  summary: "The konnector's runs, newest first (keyset pages)",
  handle: ({ ws, params, query }) => listRuns(ws, query, params.konnectorId),
});
