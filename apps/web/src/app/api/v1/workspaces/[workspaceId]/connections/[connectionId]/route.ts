import { z } from 'zod';
import { UpdateConnectionBody } from '@/lib/api-bodies';
import { deleteConnection, getConnection, updateConnection } from '@/server/connections/connections';
import { connectorDeps } from '@/server/connectors';
import { idParam, route } from '@/server/handler';

export const dynamic = 'force-dynamic';

const params = z.object({ connectionId: idParam('connectionId') });

export const GET = route({ access: 'member', params, handle: ({ ws, params }) => getConnection(ws, params.connectionId) });

export const PATCH = route({ access: 'admin', params, body: UpdateConnectionBody, handle: ({ ws, params, body }) => updateConnection(ws, connectorDeps(), params.connectionId, body) });

/** 409 naming the active konnectors that use it. */
export const DELETE = route({ access: 'admin', params, handle: ({ ws, params }) => deleteConnection(ws, params.connectionId) });
