import { CodeRunBody } from '@/lib/konnector-bodies';
import { recordCodeRun } from '@/server/audit/activity';
import { route } from '@/server/handler';
import { runCodeOnce } from '@/server/builder/code-run';

export const dynamic = 'force-dynamic';

/** An error in the code is a 200 `{ ok: false, error: { message, line?, column? } }`. */
export const POST = route({
  access: 'member',
  scope: 'run',
  body: CodeRunBody,
  errors: { 429: 'Too many code runs in this workspace (a per-workspace rate limit; `Retry-After` says when to try again)' },
  summary: 'Run a code step\'s source once in the sandbox on the given input',
  handle: async ({ ws, body }) => {
    const result = await runCodeOnce(ws, body);
    await recordCodeRun(ws, result);
    return result;
  },
});
