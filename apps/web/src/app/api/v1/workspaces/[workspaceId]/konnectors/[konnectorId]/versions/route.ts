import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { listVersions } from '@/server/konnectors/versions';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const GET = route({ access: 'member', params, summary: 'Published versions, newest first', handle: ({ ws, params }) => listVersions(ws, params.konnectorId) });
