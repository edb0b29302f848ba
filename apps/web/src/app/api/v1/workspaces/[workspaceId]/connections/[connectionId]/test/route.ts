import { z } from 'zod';
import { testStoredConnection } from '@/server/connections/check';
import { connectorDeps } from '@/server/connectors';
import { idParam, route } from '@/server/handler';

export const dynamic = 'force-dynamic';

const params = z.object({ connectionId: idParam('connectionId') });

/** Makes the connector's one cheap call and stores the outcome (ok / needs_attention). */
export const POST = route({ access: 'admin', scope: 'run', params, handle: ({ ws, params }) => testStoredConnection(ws, connectorDeps(), params.connectionId) });
