import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { deactivateKonnector } from '@/server/konnectors/lifecycle';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const POST = route({ access: 'member', params, summary: 'Turn the trigger off (its cursor is kept)', handle: ({ ws, params }) => deactivateKonnector(ws, params.konnectorId) });
