import { WorkspaceBody } from '@/lib/api-bodies';
import { route } from '@/server/handler';
import { getWorkspace, renameWorkspace } from '@/server/workspaces/workspaces';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'member', handle: ({ ws }) => getWorkspace(ws) });

export const PATCH = route({ access: 'admin', body: WorkspaceBody, handle: ({ ws, body }) => renameWorkspace(ws, body) });
