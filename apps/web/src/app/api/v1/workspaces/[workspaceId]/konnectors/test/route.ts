import { TestDraftBody } from '@/lib/konnector-bodies';
import { recordTestRun } from '@/server/audit/activity';
import { route } from '@/server/handler';
import { testDraft } from '@/server/konnectors/test-run';

export const dynamic = 'force-dynamic';

/** 400 `invalid_definition` with `problems` when the draft is not ready. */
export const POST = route({
  access: 'member',
  scope: 'run',
  body: TestDraftBody,
  errors: { 429: 'Too many test runs in this workspace (a per-workspace rate limit; `Retry-After` says when to try again)' },
  summary: 'Test an unsaved draft on a sample event (nothing is stored)',
  handle: async ({ ws, body }) => {
    const result = await testDraft(ws, body);
    await recordTestRun(ws, null, result, true);
    return result;
  },
});
