'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useEffect, type ReactNode } from 'react';
import type { WorkspaceDto } from '@/lib/api-types';
import { LAST_WORKSPACE_COOKIE } from '@/lib/workspace-cookie';
import { VerifyEmailBanner } from '@/components/account/verify-email-banner';
import { NewMenu } from './new-menu';
import { NotificationBell } from './notification-bell';
import { WorkspaceProvider } from './workspace-context';
import { WorkspaceSwitcher } from './workspace-switcher';

const NAV = [
  { section: 'konnectors', label: 'Konnectors' },
  { section: 'runs', label: 'Event logs' },
  { section: 'connections', label: 'Connections' },
  { section: 'storage', label: 'Storage' },
  { section: 'settings', label: 'Settings' },
] as const;

interface ShellProps {
  user: { name: string; email: string };
  workspaces: WorkspaceDto[];
  current: WorkspaceDto;
  /** Instance pages this user may open (the mail log for instance admins, the dev mailbox). */
  extraLinks?: { href: string; label: string }[];
  /** The address to verify, while it is not verified (a banner with "Resend"). */
  unverifiedEmail?: string | null;
  children: ReactNode;
}

export function Shell({ user, workspaces, current, extraLinks = [], unverifiedEmail = null, children }: ShellProps) {
  const pathname = usePathname();

  useEffect(() => {
    document.cookie = `${LAST_WORKSPACE_COOKIE}=${encodeURIComponent(current.id)}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
  }, [current.id]);

  return (
    <WorkspaceProvider value={current}>
      <div className="flex min-h-screen">
        <aside className="flex w-60 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white px-4 py-5">
          <Link href={`/app/${current.id}/konnectors`} className="px-2 text-xl font-bold tracking-tight text-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
            Konnect
          </Link>
          <WorkspaceSwitcher workspaces={workspaces} current={current} />
          <NewMenu workspaceId={current.id} />
          <nav aria-label="Main" className="flex flex-col gap-1">
            {NAV.map((item) => {
              const href = `/app/${current.id}/${item.section}`;
              const active = pathname === href || pathname.startsWith(`${href}/`);
              return (
                <Link
                  key={item.section}
                  href={href}
                  aria-current={active ? 'page' : undefined}
                  className={`rounded-md px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
                    active ? 'bg-indigo-50 text-indigo-800' : 'text-slate-700 hover:bg-slate-100'
                  }`}
                >
                  {item.label}
                </Link>
              );
            })}
          </nav>
          <div className="mt-auto flex flex-col gap-2 border-t border-slate-200 pt-4">
            <NotificationBell workspaceId={current.id} />
            <div className="px-2 text-sm">
              <p className="truncate font-medium text-slate-900">{user.name}</p>
              <p className="truncate text-xs text-slate-500">{user.email}</p>
            </div>
            <Link
              href={`/app/${current.id}/account`}
              aria-current={pathname === `/app/${current.id}/account` ? 'page' : undefined}
              className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              Your account
            </Link>
            {extraLinks.map((l) => (
              <Link key={l.href} href={l.href} className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                {l.label}
              </Link>
            ))}
            <button
              type="button"
              onClick={() => void signOut({ callbackUrl: '/signin' })}
              className="rounded-md px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              Sign out
            </button>
          </div>
        </aside>
        <main className="min-w-0 flex-1 px-10 py-8">
          {unverifiedEmail ? <VerifyEmailBanner email={unverifiedEmail} /> : null}
          {children}
        </main>
      </div>
    </WorkspaceProvider>
  );
}
