'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/button';
import { ListSkeleton } from '@/components/skeleton';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { ReplayDto, RunDetailDto } from '@/lib/api-types';
import { formatDateTime, formatDuration } from '@/lib/format-time';
import { konnectorKeys, useRun } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';
import { JsonView } from './json-view';
import { RunStatusBadge } from './run-status-badge';
import { StepTree } from './step-tree';
import { WaitingBanner } from './waiting-banner';
import { CalledBy, CalledRuns } from './called-runs';

function ReplayButtons({ workspaceId, run }: { workspaceId: string; run: RunDetailDto }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const replay = useMutation({
    mutationFn: (mode: ReplayDto['mode']) => api<ReplayDto>(wsPath(workspaceId, `/runs/${run.id}/replay`), { method: 'POST', body: { mode } }),
    onSuccess: async (r) => {
      toast.success('Replay queued');
      await queryClient.invalidateQueries({ queryKey: konnectorKeys.runs(workspaceId) });
      router.push(`/app/${workspaceId}/runs/${r.runId}`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  const hasFailedStep = run.steps.some((s) => s.status === 'failed');
  // A waiting run has not ended: replay it once it has (or cancel it).
  if (run.status === 'waiting') return null;
  return (
    <div className="flex gap-2">
      {hasFailedStep ? (
        <Button onClick={() => replay.mutate('from_failed')} disabled={run.live || replay.isPending} title="Runs again from the failed step; earlier steps are not repeated">
          Replay from failed step
        </Button>
      ) : null}
      <Button variant="secondary" onClick={() => replay.mutate('from_start')} disabled={run.live || replay.isPending}>
        Replay from start
      </Button>
    </div>
  );
}

/** A run: trigger data and every step (nested for paths and repeaters); polls while queued or running. */
export function RunDetail({ workspaceId, runId }: { workspaceId: string; runId: string }) {
  const query = useRun(workspaceId, runId);
  if (query.isPending) return <ListSkeleton label="Loading the run" rows={4} />;
  if (query.isError) {
    return (
      <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
        Could not load this run: {messageOf(query.error)}
      </p>
    );
  }
  const run = query.data;
  return (
    <section className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href={`/app/${workspaceId}/runs`} className="underline-offset-2 hover:underline">
          Event log
        </Link>{' '}
        /{' '}
        <Link href={`/app/${workspaceId}/konnectors/${run.konnector.id}`} className="underline-offset-2 hover:underline">
          {run.konnector.name}
        </Link>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1">
          <h1 className="flex items-center gap-3 text-2xl font-semibold">
            Run of {run.konnector.name} <RunStatusBadge status={run.status} />
          </h1>
          <p className="text-sm text-slate-600" aria-live="polite">
            {run.live ? 'In progress: this page refreshes every 2 seconds.' : run.status === 'waiting' ? 'Waiting: the run goes on by itself at its time.' : run.summary}
          </p>
          <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-500">
            <div className="flex gap-1"><dt>Started</dt><dd>{formatDateTime(run.startedAt ?? run.createdAt)}</dd></div>
            <div className="flex gap-1"><dt>Duration</dt><dd>{formatDuration(run.durationMs)}</dd></div>
            <div className="flex gap-1"><dt>Tasks</dt><dd>{run.tasks}</dd></div>
            <div className="flex gap-1"><dt>Version</dt><dd>{run.version.number}</dd></div>
            {run.replayOfId ? (
              <div className="flex gap-1">
                <dt>Replay of</dt>
                <dd><Link className="text-indigo-700 underline" href={`/app/${workspaceId}/runs/${run.replayOfId}`}>the original run</Link></dd>
              </div>
            ) : null}
            <CalledBy workspaceId={workspaceId} run={run} />
          </dl>
        </div>
        <ReplayButtons workspaceId={workspaceId} run={run} />
      </header>
      <WaitingBanner workspaceId={workspaceId} run={run} />
      {run.error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          <p className="font-medium">Step “{run.error.stepId}” failed: {run.error.message}</p>
        </div>
      ) : null}
      {run.replays.length ? (
        <p className="text-sm text-slate-600">
          Replayed as{' '}
          {run.replays.map((r, i) => (
            <span key={r.id}>
              {i ? ', ' : ''}
              <Link className="text-indigo-700 underline" href={`/app/${workspaceId}/runs/${r.id}`}>{formatDateTime(r.createdAt)}</Link> ({r.status})
            </span>
          ))}
        </p>
      ) : null}
      <CalledRuns workspaceId={workspaceId} run={run} />
      <section aria-labelledby="trigger-heading" className="flex flex-col gap-2">
        <h2 id="trigger-heading" className="text-lg font-semibold">Trigger data</h2>
        <JsonView label={`Event ${run.eventKey}`} value={run.trigger} />
      </section>
      <section aria-labelledby="steps-heading" className="flex flex-col gap-2">
        <h2 id="steps-heading" className="text-lg font-semibold">Steps</h2>
        {run.tree.length ? <StepTree nodes={run.tree} steps={run.steps} /> : <p className="text-sm text-slate-600">{run.live ? 'No step has finished yet.' : 'No step ran.'}</p>}
      </section>
    </section>
  );
}
