'use client';

/**
 * The Event logs page: every run of the workspace, or — after a click on a konnector's name, the
 * guide's "Event logs → click your konnector name" — that konnector's execution log.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { api } from '@/lib/api-client';
import type { KonnectorDto } from '@/lib/api-types';
import { konnectorKeys } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';
import { KonnectorBacklog } from './backlog-note';
import { RunList } from './run-list';

export function EventLog({ workspaceId, konnectorId }: { workspaceId: string; konnectorId: string | null }) {
  const konnector = useQuery({
    queryKey: konnectorKeys.one(workspaceId, konnectorId ?? ''),
    queryFn: () => api<KonnectorDto>(wsPath(workspaceId, `/konnectors/${encodeURIComponent(konnectorId ?? '')}`)),
    enabled: konnectorId !== null,
  });
  const name = konnector.data?.name;
  return (
    <section className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{konnectorId ? `Event logs: ${name ?? 'konnector'}` : 'Event logs'}</h1>
        {konnectorId ? (
          <p className="flex flex-wrap gap-3 text-sm text-slate-600">
            <span>The execution log of this konnector, newest first: open a run for its steps, data and errors.</span>
            <Link href={`/app/${workspaceId}/runs`} className="text-indigo-700 underline">
              All konnectors
            </Link>
            <Link href={`/app/${workspaceId}/konnectors/${konnectorId}`} className="text-indigo-700 underline">
              Open the konnector
            </Link>
          </p>
        ) : (
          <p className="text-sm text-slate-600">Every run of every konnector in this workspace, newest first. Click a konnector’s name for its execution log.</p>
        )}
        {konnector.isError ? <p role="alert" className="text-sm text-red-800">This konnector was not found: it may have been deleted.</p> : null}
        {konnectorId && !konnector.isError ? <KonnectorBacklog workspaceId={workspaceId} konnectorId={konnectorId} /> : null}
      </header>
      <RunList key={konnectorId ?? 'all'} workspaceId={workspaceId} {...(konnectorId ? { konnectorId } : {})} />
    </section>
  );
}
