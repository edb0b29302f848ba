'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { Button } from '@/components/button';
import { EmptyState } from '@/components/empty-state';
import { ListSkeleton } from '@/components/skeleton';
import { api, messageOf } from '@/lib/api-client';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import type { AccountEventDto, AccountEventPage } from '@/server/account/security-log';

const PAGE = 20;

const ACTIONS: Record<string, string> = {
  'sign_in.succeeded': 'Signed in',
  'sign_in.failed': 'Failed sign-in',
  'sign_in.throttled': 'Sign-in attempts refused (too many failures)',
  sign_out: 'Signed out',
  sign_up: 'Account created',
  'email.verified': 'Email verified',
  'email.changed': 'Email changed',
  'password.changed': 'Password changed',
  'password.reset_requested': 'Password reset requested',
  'password.reset': 'Password reset',
  'two_factor.enabled': 'Two-factor sign-in turned on',
  'two_factor.disabled': 'Two-factor sign-in turned off',
  'two_factor.recovery_codes_regenerated': 'New recovery codes',
  'two_factor.recovery_code_used': 'Recovery code used',
  'session.revoked': 'Session ended',
  'sessions.revoked_all': 'Signed out everywhere',
  'invitation.accepted': 'Invitation accepted',
  'invitation.declined': 'Invitation declined',
};

const REASONS: Record<string, string> = { password: 'wrong password', two_factor_code: 'wrong code' };
const METHODS: Record<string, string> = { password: 'password', totp: 'password + authenticator code', recovery_code: 'password + recovery code' };

function detailText(e: AccountEventDto): string {
  const d = e.details;
  const parts: string[] = [];
  if (typeof d.reason === 'string') parts.push(REASONS[d.reason] ?? d.reason);
  if (typeof d.method === 'string') parts.push(METHODS[d.method] ?? d.method);
  if (typeof d.remaining === 'number') parts.push(`${d.remaining} recovery codes left`);
  return parts.join(' · ');
}

/** Your account → Security log: this account's sign-ins and changes, newest first. */
export function SecurityLog() {
  const events = useInfiniteQuery({
    queryKey: ['account', 'events'],
    queryFn: ({ pageParam }) => api<AccountEventPage>(`/api/v1/account/events?${new URLSearchParams({ limit: String(PAGE), ...(pageParam ? { cursor: pageParam } : {}) })}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <section aria-labelledby="security-log-title" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 id="security-log-title" className="text-lg font-semibold">
          Security log
        </h2>
        <p className="text-sm text-slate-600">Sign-ins to your account (including failed ones) and changes to how you sign in, with the address and browser they came from.</p>
      </div>
      {events.isPending ? (
        <ListSkeleton rows={3} label="Loading the security log" />
      ) : events.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load the security log: {messageOf(events.error)}
        </p>
      ) : rows.length === 0 ? (
        <EmptyState title="Nothing recorded yet">Sign-ins and account changes will be listed here.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Security log, newest first</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">When</th>
                <th scope="col" className="px-4 py-2">What</th>
                <th scope="col" className="px-4 py-2">From</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((e) => (
                <tr key={e.id} className="align-top">
                  <td className="px-4 py-2 whitespace-nowrap text-slate-600" title={formatDateTime(e.createdAt)}>
                    <time dateTime={e.createdAt}>{formatRelative(e.createdAt)}</time>
                  </td>
                  <td className="px-4 py-2">
                    <span className={e.action === 'sign_in.failed' || e.action === 'sign_in.throttled' ? 'text-red-800' : 'text-slate-800'}>{ACTIONS[e.action] ?? e.action}</span>
                    {detailText(e) ? <p className="text-xs text-slate-500">{detailText(e)}</p> : null}
                  </td>
                  <td className="px-4 py-2 text-xs text-slate-600">
                    <span className="font-mono">{e.ip ?? '—'}</span>
                    {e.userAgent ? <p className="max-w-xs truncate" title={e.userAgent}>{e.userAgent}</p> : null}
                  </td>
                </tr>
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
