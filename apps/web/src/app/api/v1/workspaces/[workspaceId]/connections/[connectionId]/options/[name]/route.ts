import { z } from 'zod';
import { ConnectionOptionsBody } from '@/lib/api-bodies';
import { loadConnectionOptions } from '@/server/connections/options';
import { connectorDeps } from '@/server/connectors';
import { idParam, route } from '@/server/handler';

export const dynamic = 'force-dynamic';

const params = z.object({
  connectionId: idParam('connectionId'),
  name: idParam('name').regex(/^[A-Za-z0-9_-]+$/, 'name must be letters, digits, _ or -'),
});

/** One page of a dropdown's choices, loaded live from the connection's app (nothing is stored). */
export const POST = route({
  access: 'member',
  scope: 'read',
  params,
  body: ConnectionOptionsBody,
  summary: 'Load one page of a dynamic options list (a dropdown\'s choices, e.g. channels or companies) from the connection\'s app: `{ items: [{ value, label, hint? }], nextCursor }`; pass `nextCursor` back as `cursor` for the next page, `search` only for lists the catalogue marks searchable',
  errors: {
    422: 'The app refused the connection\'s credentials (reconnect it), or its address is not allowed',
    429: 'Too many loads on this connection, or the app is limiting requests (`Retry-After`)',
    502: 'The app could not be reached or did not give a usable answer',
  },
  handle: ({ ws, params, body }) => loadConnectionOptions(ws, connectorDeps(), params.connectionId, params.name, body),
});
