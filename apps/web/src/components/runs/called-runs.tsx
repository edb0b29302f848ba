'use client';

/** Sub-konnectors in a run's detail: "Called by <konnector> run …" and the runs this run called, each a link (same workspace only). */
import Link from 'next/link';
import type { RunDetailDto } from '@/lib/api-types';
import { RunStatusBadge } from './run-status-badge';

export function CalledBy({ workspaceId, run }: { workspaceId: string; run: RunDetailDto }) {
  if (!run.calledBy) return null;
  const by = run.calledBy;
  return (
    <div className="flex gap-1">
      <dt>Called by</dt>
      <dd>
        <Link className="text-indigo-700 underline" href={`/app/${workspaceId}/runs/${by.runId}`}>
          {by.konnector.name} run {by.runId.slice(-8)}
        </Link>
        {by.stepId ? ` (step ${by.stepId})` : ''}
      </dd>
    </div>
  );
}

export function CalledRuns({ workspaceId, run }: { workspaceId: string; run: RunDetailDto }) {
  if (run.calledRuns.length === 0) return null;
  return (
    <section aria-labelledby="called-runs-heading" className="flex flex-col gap-2">
      <h2 id="called-runs-heading" className="text-lg font-semibold">Konnectors this run ran</h2>
      <ul className="flex flex-col gap-1 text-sm">
        {run.calledRuns.map((c) => (
          <li key={c.id} className="flex items-center gap-2">
            <Link className="text-indigo-700 underline" href={`/app/${workspaceId}/runs/${c.id}`}>
              {c.konnector.name} run {c.id.slice(-8)}
            </Link>
            {c.stepId ? <span className="text-xs text-slate-500">from step {c.stepId}</span> : null}
            <RunStatusBadge status={c.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}
