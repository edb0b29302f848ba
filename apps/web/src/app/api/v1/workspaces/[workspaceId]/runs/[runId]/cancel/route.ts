import { z } from 'zod';
import { recordRunCancelled } from '@/server/audit/activity';
import { idParam, route } from '@/server/handler';
import { cancelWaitingRun } from '@/server/runs/wait';

export const dynamic = 'force-dynamic';

const params = z.object({ runId: idParam('runId') });

export const POST = route({
  access: 'admin',
  scope: 'run',
  params,
  summary: 'Cancel a waiting run: it ends cancelled and never runs again',
  handle: async ({ ws, params }) => {
    const change = await cancelWaitingRun(ws, params.runId);
    await recordRunCancelled(ws, params.runId);
    return change;
  },
});
