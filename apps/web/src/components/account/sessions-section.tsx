'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { ListSkeleton } from '@/components/skeleton';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { SessionDto } from '@/lib/api-types';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { SESSIONS_PATH, sessionKeys, useMySessions } from '@/lib/session-queries';

type Confirming = { kind: 'one'; session: SessionDto } | { kind: 'others' } | { kind: 'all' } | null;

/** "Where you're signed in": each live session (device, IP, last seen), revoke one, or sign out everywhere (else). */
export function SessionsSection() {
  const sessions = useMySessions();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: sessionKeys.mine });

  const revokeOne = useMutation({
    mutationFn: (s: SessionDto) => api<void>(`${SESSIONS_PATH}/${encodeURIComponent(s.id)}`, { method: 'DELETE' }),
    onSuccess: async (_, s) => {
      setConfirming(null);
      if (s.current) return void signOut({ callbackUrl: '/signin' });
      await refresh();
      toast.success(`Signed out ${s.device}`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  const revokeMany = useMutation({
    mutationFn: (kind: 'others' | 'all') => api<{ revoked: number }>(`${SESSIONS_PATH}/revoke-${kind}`, { method: 'POST' }),
    onSuccess: async (res, kind) => {
      setConfirming(null);
      // Everywhere includes this browser: its cookie is cleared too.
      if (kind === 'all') return void signOut({ callbackUrl: '/signin' });
      await refresh();
      toast.success(res.revoked === 0 ? 'No other sessions were signed in' : `Signed out ${res.revoked} other ${res.revoked === 1 ? 'session' : 'sessions'}`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });

  const others = sessions.data?.filter((s) => !s.current).length ?? 0;
  const busy = revokeOne.isPending || revokeMany.isPending;

  return (
    <section aria-labelledby="sessions-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Where you&apos;re signed in
          </h2>
          <p className="text-sm text-slate-600">Each browser you signed in with. Sign out any you don&apos;t recognise; it stops working at once.</p>
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => setConfirming({ kind: 'others' })} disabled={busy || others === 0}>
            Sign out everywhere else
          </Button>
          <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => setConfirming({ kind: 'all' })} disabled={busy}>
            Sign out everywhere
          </Button>
        </div>
      </div>
      {sessions.isPending ? (
        <ListSkeleton rows={2} label="Loading sessions" />
      ) : sessions.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load sessions: {messageOf(sessions.error)}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200" aria-label="Sessions">
          {sessions.data.map((s) => (
            <li key={s.id} className="flex items-center gap-4 py-3 text-sm">
              <div className="min-w-0 flex-1">
                <p className="font-medium text-slate-900">
                  {s.device}
                  {s.current ? <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">This browser</span> : null}
                </p>
                <p className="text-xs text-slate-500">
                  {s.ip ?? 'unknown address'} · last seen <time dateTime={s.lastSeenAt} title={formatDateTime(s.lastSeenAt)}>{s.current ? 'now' : formatRelative(s.lastSeenAt)}</time> · signed in{' '}
                  <time dateTime={s.createdAt}>{formatDateTime(s.createdAt)}</time>
                </p>
              </div>
              <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => setConfirming({ kind: 'one', session: s })} disabled={busy} aria-label={s.current ? 'Sign out this browser' : `Sign out ${s.device} (${s.ip ?? 'unknown address'})`}>
                {s.current ? 'Sign out' : 'Revoke'}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {confirming ? (
        <Dialog
          open
          onClose={() => setConfirming(null)}
          title={confirming.kind === 'one' ? (confirming.session.current ? 'Sign out this browser?' : `Sign out ${confirming.session.device}?`) : confirming.kind === 'others' ? 'Sign out everywhere else?' : 'Sign out everywhere?'}
          description={
            confirming.kind === 'all'
              ? 'Every session ends, this browser included: you will need to sign in again.'
              : confirming.kind === 'others'
                ? `${others} other ${others === 1 ? 'session ends' : 'sessions end'} at once. This browser stays signed in.`
                : 'That browser is signed out at once and has to sign in again.'
          }
        >
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setConfirming(null)} autoFocus>
              Cancel
            </Button>
            <Button variant="danger" disabled={busy} onClick={() => (confirming.kind === 'one' ? revokeOne.mutate(confirming.session) : revokeMany.mutate(confirming.kind))}>
              {confirming.kind === 'one' ? 'Sign out' : confirming.kind === 'others' ? 'Sign out others' : 'Sign out everywhere'}
            </Button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
