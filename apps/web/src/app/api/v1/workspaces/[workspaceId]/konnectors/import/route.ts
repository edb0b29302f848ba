import { ImportKonnectorBody } from '@/lib/konnector-bodies';
import { route } from '@/server/handler';
import { importKonnector } from '@/server/konnectors/transfer';

export const dynamic = 'force-dynamic';

export const POST = route({
  access: 'member',
  body: ImportKonnectorBody,
  status: 201,
  summary: 'Import an exported konnector (connections matched by app and name)',
  handle: ({ ws, body }) => importKonnector(ws, body),
});
