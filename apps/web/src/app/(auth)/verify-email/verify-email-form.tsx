'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/button';
import { api, messageOf } from '@/lib/api-client';

export function VerifyEmailForm({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<{ email: string; changed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function verify() {
    setPending(true);
    setError(null);
    try {
      setDone(await api<{ email: string; changed: boolean }>('/api/v1/auth/verify-email', { method: 'POST', body: { token } }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold">{done.changed ? 'Your email address changed' : 'Your email is verified'}</h1>
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">
          {done.changed ? `Your account now uses ${done.email}. Your other sessions were signed out.` : `${done.email} is verified. You can now accept invitations and receive alert mails.`}
        </p>
        <Link href="/app" className="text-center text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
          Continue to Konnect
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Verify your email</h1>
      <p className="text-sm text-slate-600">Press the button to confirm this email address for your Konnect account.</p>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <Button onClick={() => void verify()} disabled={pending || !token}>
        {pending ? 'Verifying…' : 'Verify my email'}
      </Button>
      {!token ? <p className="text-sm text-red-700">This link has no token: open the link from the mail again.</p> : null}
    </div>
  );
}
