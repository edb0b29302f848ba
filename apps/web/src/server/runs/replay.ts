/** Replay a finished run as a new, linked run: from its failed step (earlier steps reused) or from the start. */
import { replay } from '@konnect/platform';
import type { ReplayBody } from '../../lib/konnector-bodies';
import { notFound } from '../errors';
import { platform } from '../services';
import type { WorkspaceScope } from '../workspace-scope';

export interface ReplayDto {
  /** The new run (queued). */
  runId: string;
  replayOfId: string;
  mode: ReplayBody['mode'];
}

export async function replayRun(ws: WorkspaceScope, runId: string, body: ReplayBody): Promise<ReplayDto> {
  const run = await ws.tenant.run.findFirst({ where: { id: runId }, select: { id: true } });
  if (!run) throw notFound('Run');
  const created = await replay(platform(), ws.workspaceId, runId, body.mode);
  return { runId: created.runId, replayOfId: runId, mode: body.mode };
}
