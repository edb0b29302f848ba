import { z } from 'zod';
import { TestRunBody } from '@/lib/konnector-bodies';
import { idParam, route } from '@/server/handler';
import { testKonnector } from '@/server/konnectors/test-run';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const POST = route({
  access: 'member',
  scope: 'run',
  params,
  body: TestRunBody,
  summary: 'Test the draft on a sample event (nothing is stored)',
  handle: ({ ws, params, body }) => testKonnector(ws, params.konnectorId, body),
});
