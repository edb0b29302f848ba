'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/button';
import { EmptyState } from '@/components/empty-state';
import { ListSkeleton } from '@/components/skeleton';
import { messageOf } from '@/lib/api-client';
import { formatDateTime, formatDuration, formatRelative } from '@/lib/format-time';
import { useRuns, type RunFilters } from '@/lib/konnector-queries';
import { RunFiltersBar } from './run-filters';
import { RunStatusBadge } from './run-status-badge';

/** Runs newest first with status/date filters and keyset "Load more"; workspace-wide or for one konnector. */
export function RunList({ workspaceId, konnectorId }: { workspaceId: string; konnectorId?: string }) {
  const [filters, setFilters] = useState<RunFilters>({});
  const runs = useRuns(workspaceId, filters, konnectorId);
  const rows = runs.data?.pages.flatMap((p) => p.runs) ?? [];
  const filtered = Boolean(filters.status || filters.from || filters.to);

  return (
    <div className="flex flex-col gap-4">
      <RunFiltersBar value={filters} onChange={setFilters} />
      {runs.isPending ? (
        <ListSkeleton label="Loading runs" rows={4} />
      ) : runs.isError ? (
        <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          Could not load runs: {messageOf(runs.error)}{' '}
          <button type="button" className="underline" onClick={() => void runs.refetch()}>
            Try again
          </button>
        </p>
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? 'No runs match these filters' : 'No runs yet'}>
          {filtered ? 'Try another status or date range.' : 'Runs appear here as soon as an active konnector’s trigger fires.'}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">Runs, newest first</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">When</th>
                {konnectorId ? null : <th scope="col" className="px-4 py-2">Konnector</th>}
                <th scope="col" className="px-4 py-2">Record</th>
                <th scope="col" className="px-4 py-2">Status</th>
                <th scope="col" className="px-4 py-2">Summary</th>
                <th scope="col" className="px-4 py-2 text-right">Tasks</th>
                <th scope="col" className="px-4 py-2 text-right">Duration</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((r) => (
                <tr key={r.id} className="hover:bg-slate-50">
                  <td className="px-4 py-2 whitespace-nowrap">
                    <Link href={`/app/${workspaceId}/runs/${r.id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline" title={formatDateTime(r.createdAt)}>
                      <time dateTime={r.createdAt}>{formatRelative(r.createdAt)}</time>
                    </Link>
                    {r.replayOfId ? <span className="ml-2 text-xs text-slate-500">replay</span> : null}
                  </td>
                  {konnectorId ? null : (
                    <td className="px-4 py-2">
                      <Link href={`/app/${workspaceId}/runs?konnector=${encodeURIComponent(r.konnector.id)}`} className="text-slate-800 underline-offset-2 hover:underline" title={`The execution log of ${r.konnector.name}`}>
                        {r.konnector.name}
                      </Link>
                    </td>
                  )}
                  <td className="max-w-48 truncate px-4 py-2 text-slate-700" title={r.record || undefined}>
                    {r.record || '—'}
                  </td>
                  <td className="px-4 py-2">
                    <RunStatusBadge status={r.status} />
                  </td>
                  <td className="max-w-md truncate px-4 py-2 text-slate-700" title={r.summary}>
                    {r.resumeAt ? `Waiting until ${formatDateTime(r.resumeAt)}` : r.summary || '—'}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{r.tasks}</td>
                  <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums text-slate-600">{formatDuration(r.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
            {runs.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
