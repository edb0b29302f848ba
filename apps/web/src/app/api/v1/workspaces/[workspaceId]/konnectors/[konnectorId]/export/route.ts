import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { exportKonnector } from '@/server/konnectors/transfer';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const GET = route({ access: 'member', params, summary: 'The konnector as a file (connections as { connectorKey, name } placeholders)', handle: ({ ws, params }) => exportKonnector(ws, params.konnectorId) });
