/**
 * Backpressure you can see (issue 19): how far behind a konnector or a workspace is — runs
 * waiting to start, running, finished in the last minute, and the expected delay of the next
 * queued run — from the platform's figures (packages/platform/src/backlog.ts, Postgres).
 */
import { konnectorBacklog, workspaceBacklog, type Backlog } from '@konnect/platform';
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';

export interface BacklogDto {
  /** Runs waiting to start (a Delay's waiting runs are not counted: they wait on purpose). */
  queued: number;
  running: number;
  /** Runs finished in the last minute (or over the span of the most recent ones, when busier). */
  finishedLastMinute: number;
  /** Completions per second over that window; 0 when none. */
  ratePerSecond: number;
  /** How long the next queued run should wait: queued ÷ rate; 0 with none queued, null ("unknown") when none finished lately. */
  expectedDelaySeconds: number | null;
  /** When the oldest queued run arrived (ISO), null with none queued. */
  oldestQueuedAt: string | null;
  /** Runs have waited to start for 10 s or more: worth telling a person. */
  behind: boolean;
}

export function backlogDto(b: Backlog): BacklogDto {
  return {
    queued: b.queued,
    running: b.running,
    finishedLastMinute: b.finished,
    ratePerSecond: Math.round(b.ratePerSecond * 1000) / 1000,
    expectedDelaySeconds: b.expectedDelayMs === null ? null : Math.round(b.expectedDelayMs / 1000),
    oldestQueuedAt: b.oldestQueuedAt?.toISOString() ?? null,
    behind: b.behind,
  };
}

/** The konnector's backlog; 404 when it is not one of this workspace's konnectors. */
export async function getKonnectorBacklog(ws: WorkspaceScope, konnectorId: string): Promise<BacklogDto> {
  const konnector = await ws.tenant.konnector.findFirst({ where: { id: konnectorId }, select: { id: true } });
  if (!konnector) throw notFound('Konnector');
  return backlogDto(await konnectorBacklog(ws.db, ws.workspaceId, konnector.id));
}

export interface WorkspaceBacklogDto extends BacklogDto {
  workspaceId: string;
  name: string;
}

/** Each of these workspaces' backlog (the caller's own: the health route passes its memberships). */
export async function workspaceBacklogs(ws: WorkspaceScope['db'], workspaces: readonly { id: string; name: string }[]): Promise<WorkspaceBacklogDto[]> {
  const out: WorkspaceBacklogDto[] = [];
  for (const w of workspaces) out.push({ workspaceId: w.id, name: w.name, ...backlogDto(await workspaceBacklog(ws, w.id)) });
  return out;
}
