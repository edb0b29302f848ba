'use client';

import { useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/button';
import { api, messageOf } from '@/lib/api-client';

export function InvitationAnswer({ token, workspaceName }: { token: string; workspaceName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState<'accept' | 'decline' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);

  async function answer(how: 'accept' | 'decline') {
    setPending(how);
    setError(null);
    try {
      if (how === 'accept') {
        const r = await api<{ workspace: { id: string } }>('/api/v1/invitations/accept', { method: 'POST', body: { token } });
        router.replace(`/app/${encodeURIComponent(r.workspace.id)}/konnectors`);
        router.refresh();
        return;
      }
      await api('/api/v1/invitations/decline', { method: 'POST', body: { token } });
      setDeclined(true);
    } catch (err) {
      setError(messageOf(err));
    }
    setPending(null);
  }

  if (declined) {
    return (
      <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-800">
        You declined the invitation to {workspaceName}.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button onClick={() => void answer('accept')} disabled={pending !== null}>
          {pending === 'accept' ? 'Joining…' : 'Accept'}
        </Button>
        <Button variant="secondary" onClick={() => void answer('decline')} disabled={pending !== null}>
          {pending === 'decline' ? 'Declining…' : 'Decline'}
        </Button>
      </div>
    </div>
  );
}

export function SignOutTo({ callbackUrl }: { callbackUrl: string }) {
  return (
    <Button variant="secondary" onClick={() => void signOut({ callbackUrl })}>
      Sign out and switch account
    </Button>
  );
}
