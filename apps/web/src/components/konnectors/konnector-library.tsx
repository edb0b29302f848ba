'use client';

import Link from 'next/link';
import { useCallback, useMemo, useState } from 'react';
import { EmptyState } from '@/components/empty-state';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { ListSkeleton } from '@/components/skeleton';
import { messageOf } from '@/lib/api-client';
import type { KonnectorSummaryDto } from '@/lib/api-types';
import { useKonnectors, type KonnectorFilters } from '@/lib/konnector-queries';
import { useCatalogue } from '@/lib/queries';
import { DeleteKonnectorDialog } from './delete-konnector-dialog';
import { ImportButton } from './import-button';
import { KonnectorRow } from './konnector-row';
import { LibraryFilters } from './library-filters';
import { TemplateCards } from './template-cards';

/** The konnector library: search and filters, the table with the Active toggle, templates, new / import. */
export function KonnectorLibrary() {
  const ws = useWorkspace();
  const [filters, setFilters] = useState<KonnectorFilters>({});
  const onFilters = useCallback((next: KonnectorFilters) => setFilters(next), []);
  const list = useKonnectors(ws.id, filters);
  const everything = useKonnectors(ws.id, {});
  const catalogue = useCatalogue();
  const [deleting, setDeleting] = useState<KonnectorSummaryDto | null>(null);
  const tags = useMemo(() => [...new Set((everything.data ?? []).flatMap((k) => k.tags))].sort(), [everything.data]);
  const appOf = useCallback((key: string) => catalogue.data?.find((a) => a.key === key), [catalogue.data]);
  const filtered = Boolean(filters.q || filters.status || filters.app || filters.tag);

  return (
    <section className="flex flex-col gap-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Konnectors</h1>
          <p className="text-sm text-slate-600">Each konnector runs a trigger through filters, paths, code and actions.</p>
        </div>
        <div className="flex gap-2">
          <ImportButton workspaceId={ws.id} />
          <Link
            href={`/app/${ws.id}/konnectors/new`}
            className="inline-flex items-center justify-center gap-2 rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white transition-colors hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
          >
            New konnector
          </Link>
        </div>
      </header>

      <section aria-labelledby="library-heading" className="flex flex-col gap-4">
        <h2 id="library-heading" className="sr-only">
          Your konnectors
        </h2>
        <LibraryFilters value={filters} onChange={onFilters} apps={catalogue.data ?? []} tags={tags} />
        {list.isPending ? (
          <ListSkeleton label="Loading konnectors" />
        ) : list.isError ? (
          <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
            Could not load konnectors: {messageOf(list.error)}{' '}
            <button type="button" className="underline" onClick={() => void list.refetch()}>
              Try again
            </button>
          </p>
        ) : list.data.length === 0 ? (
          <EmptyState title={filtered ? 'No konnector matches' : 'No konnectors yet'}>
            {filtered ? 'Try another search or filter.' : 'Start from a template below, or create a new konnector and build it step by step.'}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-sm">
              <caption className="sr-only">Konnectors, most recently changed first</caption>
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2">Name</th>
                  <th scope="col" className="px-4 py-2">Apps</th>
                  <th scope="col" className="px-4 py-2">Status</th>
                  <th scope="col" className="px-4 py-2">Last run</th>
                  <th scope="col" className="px-4 py-2 text-right">Runs (24 h)</th>
                  <th scope="col" className="px-4 py-2 text-right">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {list.data.map((k) => (
                  <KonnectorRow key={k.id} workspaceId={ws.id} konnector={k} appOf={appOf} canDelete={canManage(ws)} onDelete={() => setDeleting(k)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <TemplateCards workspaceId={ws.id} />
      {deleting ? <DeleteKonnectorDialog workspaceId={ws.id} konnector={deleting} onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}
