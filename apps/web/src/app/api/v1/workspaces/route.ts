import { WorkspaceBody } from '@/lib/api-bodies';
import { route } from '@/server/handler';
import { createWorkspace, listMyWorkspaces } from '@/server/workspaces/workspaces';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'user', handle: ({ db, principal }) => listMyWorkspaces(db, principal) });

export const POST = route({ access: 'user', body: WorkspaceBody, status: 201, handle: ({ db, principal, body }) => createWorkspace(db, principal, body) });
