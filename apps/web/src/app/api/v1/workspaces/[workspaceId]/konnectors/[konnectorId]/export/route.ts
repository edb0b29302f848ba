import { z } from 'zod';
import { recordKonnectorExported } from '@/server/audit/activity';
import { idParam, route } from '@/server/handler';
import { exportKonnector } from '@/server/konnectors/transfer';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const GET = route({
  access: 'member',
  params,
  summary: 'The konnector as a file (connections as { connectorKey, name } placeholders); audited as konnector.exported',
  handle: async ({ ws, params }) => {
    const file = await exportKonnector(ws, params.konnectorId);
    await recordKonnectorExported(ws, params.konnectorId, file.name);
    return file;
  },
});
