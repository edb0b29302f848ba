'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useWorkspace } from '@/components/shell/workspace-context';

/**
 * A workspace that requires two-factor sign-in, for a user without it: every page but the account
 * page says so and links there (the API answers 403 meanwhile). Decided on the client because the
 * layout is not rendered again when moving between pages.
 */
export function TwoFactorGate({ missing, children }: { missing: boolean; children: ReactNode }) {
  const ws = useWorkspace();
  const pathname = usePathname();
  const account = `/app/${ws.id}/account`;
  if (!missing || pathname === account || pathname.startsWith(`${account}/`)) return children;
  return (
    <section aria-labelledby="two-factor-required" className="flex max-w-2xl flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-6">
      <h1 id="two-factor-required" className="text-xl font-semibold text-amber-950">
        Two-factor sign-in required
      </h1>
      <p className="text-sm text-amber-950">
        The owners of <strong>{ws.name}</strong> require two-factor sign-in for everyone in this workspace. Set it up in your account (it takes a minute with an authenticator app),
        then come back.
      </p>
      <div>
        <Link href={`${account}#two-factor`} className="inline-flex rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          Set up two-factor sign-in
        </Link>
      </div>
    </section>
  );
}
