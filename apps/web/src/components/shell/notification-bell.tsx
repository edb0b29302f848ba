'use client';

import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, messageOf } from '@/lib/api-client';
import { formatRelative } from '@/lib/format-time';
import type { NotificationDto, NotificationPage } from '@/server/alerts/notifications';

/** Where a notification leads: the run, else the konnector, else the connections page. */
function linkOf(workspaceId: string, n: NotificationDto): string | null {
  if (n.runId) return `/app/${workspaceId}/runs/${n.runId}`;
  if (n.konnectorId) return `/app/${workspaceId}/konnectors/${n.konnectorId}`;
  if (n.connectionId) return `/app/${workspaceId}/connections`;
  if (n.kind === 'member_joined' || n.kind === 'invitation_accepted') return `/app/${workspaceId}/settings`;
  return null;
}

/** The bell in the app shell: the unread count (polled every 30 s and on focus) and a panel of the newest notifications. */
export function NotificationBell({ workspaceId }: { workspaceId: string }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const client = useQueryClient();
  const key = ['notifications', workspaceId];
  const list = useQuery({
    queryKey: key,
    queryFn: () => api<NotificationPage>(`/api/v1/workspaces/${workspaceId}/notifications?limit=20`),
    refetchInterval: 30_000,
    refetchOnWindowFocus: true,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  const markRead = useMutation({ mutationFn: (id: string) => api(`/api/v1/workspaces/${workspaceId}/notifications/${id}/read`, { method: 'POST' }), onSuccess: refresh });
  const markAll = useMutation({ mutationFn: () => api(`/api/v1/workspaces/${workspaceId}/notifications/read-all`, { method: 'POST' }), onSuccess: refresh });

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const unread = list.data?.unreadCount ?? 0;
  return (
    <div ref={box} className="relative">
      <button
        type="button"
        aria-label="Notifications"
        aria-expanded={open}
        aria-controls="notification-panel"
        onClick={() => setOpen((v) => !v)}
        className="relative flex w-full items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span aria-hidden="true">Notifications</span>
        {unread > 0 ? (
          <span data-testid="notification-count" aria-label={`${unread} unread`} className="ml-auto rounded-full bg-red-600 px-2 text-xs font-semibold text-white">
            {unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div id="notification-panel" role="region" aria-label="Notification list" className="absolute bottom-full left-0 z-30 mb-2 w-96 rounded-lg border border-slate-200 bg-white shadow-lg">
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <button type="button" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()} className="text-xs text-indigo-700 hover:underline disabled:text-slate-400">
              Mark all read
            </button>
          </div>
          {list.isError ? <p role="alert" className="px-4 py-3 text-sm text-red-800">Could not load: {messageOf(list.error)}</p> : null}
          {list.data && list.data.items.length === 0 ? <p className="px-4 py-6 text-center text-sm text-slate-500">Nothing yet.</p> : null}
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
            {list.data?.items.map((n) => {
              const href = linkOf(workspaceId, n);
              const title = <span className={n.read ? 'text-slate-700' : 'font-semibold text-slate-900'}>{n.title}</span>;
              return (
                <li key={n.id} className={`px-4 py-3 text-sm ${n.read ? '' : 'bg-indigo-50/50'}`}>
                  {href ? (
                    <Link href={href} onClick={() => { if (!n.read) markRead.mutate(n.id); setOpen(false); }} className="hover:underline">
                      {title}
                    </Link>
                  ) : (
                    title
                  )}
                  {n.body ? <p className="mt-1 line-clamp-3 whitespace-pre-line text-xs text-slate-600">{n.body}</p> : null}
                  <div className="mt-1 flex items-center gap-3 text-xs text-slate-500">
                    <span>{formatRelative(n.createdAt)}</span>
                    {!n.read ? (
                      <button type="button" onClick={() => markRead.mutate(n.id)} className="text-indigo-700 hover:underline">
                        Mark read
                      </button>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
