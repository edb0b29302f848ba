import { z } from 'zod';
import { TestRunBody } from '@/lib/konnector-bodies';
import { idParam, route } from '@/server/handler';
import { testKonnector } from '@/server/konnectors/test-run';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const POST = route({
  access: 'member',
  params,
  body: TestRunBody,
  errors: { 429: 'Too many test runs in this workspace (a per-workspace rate limit; `Retry-After` says when to try again)' },
  summary: 'Test the draft on a sample event (nothing is stored)',
  handle: ({ ws, params, body }) => testKonnector(ws, params.konnectorId, body),
});
