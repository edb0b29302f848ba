'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { EmptyState } from '@/components/empty-state';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { ListSkeleton } from '@/components/skeleton';
import { useToast } from '@/components/toast';
import { messageOf } from '@/lib/api-client';
import type { StoreEntrySummaryDto, StoreUsageDto } from '@/lib/api-types';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { useDeleteStorageEntry, useStoragePage } from '@/lib/storage-queries';
import { EntryDialog } from './entry-dialog';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Usage({ usage }: { usage: StoreUsageDto }) {
  return (
    <p className="text-sm text-slate-600" aria-label="Storage usage">
      {usage.keys.toLocaleString('en-US')} of {usage.maxKeys.toLocaleString('en-US')} keys · {size(usage.bytes)} of {size(usage.maxBytes)}
    </p>
  );
}

/** The Storage page: the workspace data store's keys, searchable, in pages; view and edit a value, delete a key. */
export function StorageView() {
  const ws = useWorkspace();
  const manage = canManage(ws);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  // Cursors of the pages before the current one (the first page has none).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useStoragePage(ws.id, q, cursor);
  const [editing, setEditing] = useState<string | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<StoreEntrySummaryDto | null>(null);

  useEffect(() => {
    const t = setTimeout(() => {
      setQ(search.trim());
      setCursors([null]);
    }, 250);
    return () => clearTimeout(t);
  }, [search]);

  return (
    <section className="flex flex-col gap-6">
      <header className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Storage</h1>
          <p className="text-sm text-slate-600">
            Data your konnectors keep between runs with the Storage tool: values, counters and lists under keys. Test runs write here too.
          </p>
          {page.data ? <Usage usage={page.data.usage} /> : null}
        </div>
        <Button onClick={() => setEditing(null)}>Add key</Button>
      </header>

      <input
        type="search"
        aria-label="Search keys"
        placeholder="Search keys"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        className="w-full max-w-md rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      />

      {page.isPending ? (
        <ListSkeleton label="Loading storage" />
      ) : page.isError ? (
        <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          Could not load storage: {messageOf(page.error)}{' '}
          <button type="button" className="underline" onClick={() => void page.refetch()}>
            Try again
          </button>
        </p>
      ) : page.data.entries.length === 0 ? (
        <EmptyState title={q ? `No key matches "${q}"` : 'No keys yet'}>
          {q ? 'Try another search.' : 'Add a Storage step (Set Value, Increment, Append to List…) to a konnector, or add a key here.'}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Key</th>
                <th className="px-4 py-2 font-medium">Value</th>
                <th className="px-4 py-2 font-medium">Size</th>
                <th className="px-4 py-2 font-medium">Expires</th>
                <th className="px-4 py-2 font-medium">Updated</th>
                <th className="px-4 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.data.entries.map((e) => (
                <tr key={e.id}>
                  <td className="max-w-xs truncate px-4 py-2 font-mono text-xs" title={e.key}>
                    {e.key}
                  </td>
                  <td className="max-w-md truncate px-4 py-2 font-mono text-xs text-slate-700" title={e.preview}>
                    {e.preview}
                    {e.truncated ? '…' : ''}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600">{size(e.bytes)}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600">{e.expiresAt ? formatDateTime(e.expiresAt) : 'Never'}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600" title={formatDateTime(e.updatedAt)}>
                    {formatRelative(e.updatedAt)}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-right">
                    <Button variant="secondary" onClick={() => setEditing(e.id)} aria-label={`View or edit ${e.key}`}>
                      Edit
                    </Button>{' '}
                    {manage ? (
                      <Button variant="danger" onClick={() => setDeleting(e)} aria-label={`Delete ${e.key}`}>
                        Delete
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {page.data && (cursors.length > 1 || page.data.nextCursor) ? (
        <nav aria-label="Pages" className="flex items-center justify-between">
          <Button variant="secondary" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous
          </Button>
          <span className="text-sm text-slate-600">Page {cursors.length}</span>
          <Button variant="secondary" disabled={!page.data.nextCursor} onClick={() => setCursors((c) => [...c, page.data?.nextCursor ?? null])}>
            Next
          </Button>
        </nav>
      ) : null}

      {editing !== undefined ? <EntryDialog workspaceId={ws.id} entryId={editing} onClose={() => setEditing(undefined)} /> : null}
      {deleting ? <DeleteEntryDialog workspaceId={ws.id} entry={deleting} onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}

function DeleteEntryDialog({ workspaceId, entry, onClose }: { workspaceId: string; entry: StoreEntrySummaryDto; onClose: () => void }) {
  const remove = useDeleteStorageEntry(workspaceId);
  const toast = useToast();
  return (
    <Dialog open onClose={onClose} title={`Delete "${entry.key}"?`} description="Konnectors that read this key will find nothing (a counter starts again from 0). This cannot be undone.">
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button
          variant="danger"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(entry.id, {
              onSuccess: () => {
                toast.success(`Key "${entry.key}" deleted`);
                onClose();
              },
              onError: (err) => toast.error(messageOf(err)),
            })
          }
        >
          {remove.isPending ? 'Deleting…' : 'Delete key'}
        </Button>
      </div>
    </Dialog>
  );
}
