import { z } from 'zod';
import { recordRunResumed } from '@/server/audit/activity';
import { idParam, route } from '@/server/handler';
import { resumeRun } from '@/server/runs/wait';

export const dynamic = 'force-dynamic';

const params = z.object({ runId: idParam('runId') });

export const POST = route({
  access: 'admin',
  scope: 'run',
  params,
  summary: 'Resume a waiting run now (its Delay ends at once)',
  handle: async ({ ws, params }) => {
    const change = await resumeRun(ws, params.runId);
    await recordRunResumed(ws, params.runId);
    return change;
  },
});
