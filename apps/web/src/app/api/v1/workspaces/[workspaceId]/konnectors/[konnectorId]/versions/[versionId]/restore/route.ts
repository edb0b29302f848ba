import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { restoreVersion } from '@/server/konnectors/versions';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId'), versionId: idParam('versionId') });

export const POST = route({
  access: 'member',
  params,
  summary: 'Put a published version back in the draft (not published until Publish or turning it on)',
  handle: ({ ws, params }) => restoreVersion(ws, params.konnectorId, params.versionId),
});
