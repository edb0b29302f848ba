import { z } from 'zod';
import { TestRunBody } from '@/lib/konnector-bodies';
import { recordTestRun } from '@/server/audit/activity';
import { idParam, route } from '@/server/handler';
import { testKonnector } from '@/server/konnectors/test-run';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const POST = route({
  access: 'member',
  scope: 'run',
  params,
  body: TestRunBody,
  errors: { 429: 'Too many test runs in this workspace (a per-workspace rate limit; `Retry-After` says when to try again)' },
  summary: 'Test the draft on a sample event (nothing is stored)',
  handle: async ({ ws, params, body }) => {
    const result = await testKonnector(ws, params.konnectorId, body);
    await recordTestRun(ws, params.konnectorId, result, body.draft !== undefined);
    return result;
  },
});
