'use client';

import { useInfiniteQuery, useIsMutating, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/button';
import { EmptyState } from '@/components/empty-state';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { ListSkeleton } from '@/components/skeleton';
import { api, messageOf } from '@/lib/api-client';
import type { AuditEventDto, AuditPage } from '@/lib/api-types';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { wsPath } from '@/lib/queries';

const PAGE = 25;

const ACTIONS: Record<string, string> = {
  'connection.created': 'Added connection',
  'connection.updated': 'Changed connection',
  'connection.deleted': 'Deleted connection',
  'connection.tested': 'Tested connection',
  'konnector.created': 'Created konnector',
  'konnector.deleted': 'Deleted konnector',
  'konnector.activated': 'Turned on konnector',
  'konnector.deactivated': 'Turned off konnector',
  'konnector.published': 'Published konnector',
  'konnector.restored': 'Restored konnector version',
  'konnector.imported': 'Imported konnector',
  'member.invited': 'Invited',
  'member.role_changed': 'Changed role of',
  'member.removed': 'Removed member',
  'invitation.revoked': 'Cancelled invitation of',
  'invitation.accepted': 'Accepted the invitation for',
  'invitation.declined': 'Declined the invitation for',
  'token.created': 'Created API token',
  'token.revoked': 'Revoked API token',
  'workspace.renamed': 'Renamed workspace to',
  'workspace.security_updated': 'Changed security settings of',
  'konnector.saved': 'Saved konnector',
  'konnector.exported': 'Exported konnector',
  'konnector.tested': 'Tested konnector',
  'code.ran': 'Ran code',
  'run.replayed': 'Replayed run of',
  'run.resumed': 'Resumed waiting run of',
  'run.cancelled': 'Cancelled waiting run of',
  'audit.exported': 'Exported the audit log',
  'storage.created': 'Added storage key',
  'storage.updated': 'Changed storage key',
  'storage.deleted': 'Deleted storage key',
};

const FILTERS: { value: string; label: string }[] = [
  { value: '', label: 'All activity' },
  { value: 'connection', label: 'Connections' },
  { value: 'konnector', label: 'Konnectors' },
  { value: 'member', label: 'Members' },
  { value: 'invitation', label: 'Invitations' },
  { value: 'token', label: 'API tokens' },
  { value: 'workspace', label: 'Workspace' },
  { value: 'run', label: 'Replays' },
  { value: 'code', label: 'Code runs' },
  { value: 'audit', label: 'Audit exports' },
  { value: 'storage', label: 'Storage' },
];

function detailText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') || '—' : String(v)}`)
    .join(' · ');
}

function useAuditEvents(workspaceId: string, action: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['workspaces', workspaceId, 'audit-events', action],
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ limit: String(PAGE), ...(action ? { action } : {}), ...(pageParam ? { cursor: pageParam } : {}) });
      return api<AuditPage>(wsPath(workspaceId, `/audit-events?${q}`));
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** Refreshes the log when the page's changes (rename, invite, tokens…) finish. */
function useRefreshAfterChanges(workspaceId: string) {
  const queryClient = useQueryClient();
  const mutating = useIsMutating();
  const before = useRef(mutating);
  useEffect(() => {
    if (before.current > 0 && mutating === 0) void queryClient.invalidateQueries({ queryKey: ['workspaces', workspaceId, 'audit-events'] });
    before.current = mutating;
  }, [mutating, queryClient, workspaceId]);
}

function EventRow({ e }: { e: AuditEventDto }) {
  const details = detailText(e.details);
  return (
    <tr className="align-top hover:bg-slate-50">
      <td className="px-4 py-2 whitespace-nowrap text-slate-600" title={formatDateTime(e.createdAt)}>
        <time dateTime={e.createdAt}>{formatRelative(e.createdAt)}</time>
      </td>
      <td className="px-4 py-2 text-slate-800">{e.actor.label}</td>
      <td className="px-4 py-2">
        <span className="text-slate-700">{ACTIONS[e.action] ?? e.action}</span> <span className="font-medium text-slate-900">{e.target.label || e.target.id || ''}</span>
        {details ? <p className="text-xs text-slate-500">{details}</p> : null}
      </td>
      <td className="px-4 py-2 font-mono text-xs whitespace-nowrap text-slate-600" title={e.userAgent ?? undefined}>
        {e.ip ?? '—'}
      </td>
    </tr>
  );
}

/** Who changed what in this workspace, newest first; owners and admins only (the API says 403 to members). */
export function AuditLog() {
  const ws = useWorkspace();
  const manage = canManage(ws);
  const [action, setAction] = useState('');
  const events = useAuditEvents(ws.id, action, manage);
  useRefreshAfterChanges(ws.id);
  if (!manage) return null;
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <section aria-labelledby="audit-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="audit-heading" className="text-lg font-semibold">
            Audit log
          </h2>
          <p className="text-sm text-slate-600">Changes to connections, konnectors, members, tokens and this workspace: who, what, when and from where.</p>
        </div>
        <div className="flex items-end gap-2">
          <a href={wsPath(ws.id, '/audit-events/export?format=csv')} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">
            Export CSV
          </a>
          <a href={wsPath(ws.id, '/audit-events/export?format=json')} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">
            Export JSON
          </a>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-slate-700">Show</span>
          <select value={action} onChange={(e) => setAction(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        </div>
      </div>
      {events.isPending ? (
        <ListSkeleton rows={3} label="Loading the audit log" />
      ) : events.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load the audit log: {messageOf(events.error)}
        </p>
      ) : rows.length === 0 ? (
        <EmptyState title="Nothing recorded yet">{action ? 'No changes of this kind yet.' : 'Changes made in this workspace will be listed here.'}</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Audit log, newest first</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">When</th>
                <th scope="col" className="px-4 py-2">Who</th>
                <th scope="col" className="px-4 py-2">What</th>
                <th scope="col" className="px-4 py-2">From</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((e) => (
                <EventRow key={e.id} e={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {events.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
            {events.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
