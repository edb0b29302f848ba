/**
 * "Resume now" and "Cancel" on a waiting run (a Delay): thin wrappers around the platform's
 * wakeRun / cancelRun (packages/platform/src/run-wait.ts), which are scoped to the workspace and
 * refuse a run that is not waiting (409 naming its status).
 */
import { cancelRun, wakeRun, type WaitChange } from '@konnect/platform';
import { platform } from '../services';
import type { WorkspaceScope } from '../workspace-scope';

export type RunWaitDto = WaitChange;

async function actorName(ws: WorkspaceScope): Promise<string> {
  const user = await ws.db.user.findUnique({ where: { id: ws.userId }, select: { name: true, email: true } });
  return user?.name?.trim() || user?.email || 'an admin';
}

export function resumeRun(ws: WorkspaceScope, runId: string): Promise<RunWaitDto> {
  return wakeRun(platform(), { workspaceId: ws.workspaceId, runId });
}

export async function cancelWaitingRun(ws: WorkspaceScope, runId: string): Promise<RunWaitDto> {
  return cancelRun(platform(), { workspaceId: ws.workspaceId, runId, by: await actorName(ws) });
}
