import { CreateConnectionBody } from '@/lib/api-bodies';
import { createConnection, listConnections } from '@/server/connections/connections';
import { connectorDeps } from '@/server/connectors';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'member', handle: ({ ws }) => listConnections(ws) });

export const POST = route({ access: 'admin', body: CreateConnectionBody, status: 201, handle: ({ ws, body }) => createConnection(ws, connectorDeps(), body) });
