import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { duplicateKonnector } from '@/server/konnectors/konnectors';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const POST = route({ access: 'member', params, status: 201, summary: 'An inactive copy ("Copy of …")', handle: ({ ws, params }) => duplicateKonnector(ws, params.konnectorId) });
