import { z } from 'zod';
import { UpdateConnectionBody } from '@/lib/api-bodies';
import { deleteConnection, getConnection, updateConnection } from '@/server/connections/connections';
import { connectorDeps } from '@/server/connectors';
import { idParam, route } from '@/server/handler';

export const dynamic = 'force-dynamic';

const params = z.object({ connectionId: idParam('connectionId') });

export const GET = route({ access: 'member', params, handle: ({ ws, params }) => getConnection(ws, params.connectionId) });

export const PATCH = route({
  access: 'admin',
  params,
  body: UpdateConnectionBody,
  summary:
    'Rename a connection and/or replace its fields. A secret field left out or empty keeps its stored value, unless the edit changes where the ' +
    'connection sends it (the scheme, host or port of a URL field or the base URL, an SMTP server): then the secret must be sent again',
  errors: { 400: 'Invalid input, `error.field` names it; a new address without the secret names the secret field ("Re-enter the API Key to send it to a new address")' },
  handle: ({ ws, params, body }) => updateConnection(ws, connectorDeps(), params.connectionId, body),
});

/** 409 naming the active konnectors that use it. */
export const DELETE = route({ access: 'admin', params, handle: ({ ws, params }) => deleteConnection(ws, params.connectionId) });
