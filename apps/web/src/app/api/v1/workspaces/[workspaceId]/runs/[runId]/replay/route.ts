import { z } from 'zod';
import { ReplayBody } from '@/lib/konnector-bodies';
import { recordReplay } from '@/server/audit/activity';
import { idParam, route } from '@/server/handler';
import { replayRun } from '@/server/runs/replay';

export const dynamic = 'force-dynamic';

const params = z.object({ runId: idParam('runId') });

export const POST = route({
  access: 'member',
  scope: 'run',
  params,
  body: ReplayBody,
  status: 202,
  summary: 'Run the event again as a new run (from the failed step or from the start)',
  handle: async ({ ws, params, body }) => {
    const replay = await replayRun(ws, params.runId, body);
    await recordReplay(ws, replay);
    return replay;
  },
});
