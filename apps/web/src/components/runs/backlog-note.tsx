'use client';

/**
 * The event log header's backlog line (issue 19): shown only while runs have waited to start for
 * a while ("412 runs waiting to start · about 2 min behind"), refreshed with the runs list.
 */
import type { BacklogDto } from '@/lib/api-types';
import { useBacklog } from '@/lib/konnector-queries';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "about 40 s", "about 2 min", "about 3 h". */
export function aboutDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${Math.round(seconds / 3600)} h`;
}

/** The line to show, or null when there is no backlog worth telling. */
export function backlogText(b: BacklogDto): string | null {
  if (!b.behind) return null;
  const waiting = `${plural(b.queued, 'run', 'runs')} waiting to start`;
  if (b.expectedDelaySeconds === null) return `${waiting} · none finished in the last minute, so the delay is unknown`;
  return `${waiting} · ${aboutDuration(b.expectedDelaySeconds)} behind`;
}

export function BacklogNote({ backlog }: { backlog: BacklogDto | undefined }) {
  const text = backlog ? backlogText(backlog) : null;
  if (!backlog || !text) return null;
  return (
    <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" title={`${backlog.running} running · ${backlog.finishedLastMinute} finished in the last minute`}>
      {text}
    </p>
  );
}

/** The konnector's backlog line, loaded and refreshed with its runs. */
export function KonnectorBacklog({ workspaceId, konnectorId }: { workspaceId: string; konnectorId: string }) {
  const backlog = useBacklog(workspaceId, konnectorId);
  return <BacklogNote backlog={backlog.data} />;
}
