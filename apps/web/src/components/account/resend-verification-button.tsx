'use client';

import { useState } from 'react';
import { Button } from '@/components/button';
import { api, messageOf } from '@/lib/api-client';

/** Mails a fresh verification link to the signed-in person and says what happened. */
export function ResendVerificationButton({ label = 'Resend the verification mail' }: { label?: string }) {
  const [pending, setPending] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  async function resend() {
    setPending(true);
    try {
      const r = await api<{ status: 'sent' | 'already_verified'; email: string }>('/api/v1/account/verification', { method: 'POST' });
      setNote({ ok: true, text: r.status === 'sent' ? `We sent a new link to ${r.email}.` : `${r.email} is already verified: reload the page.` });
    } catch (err) {
      setNote({ ok: false, text: messageOf(err) });
    } finally {
      setPending(false);
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button variant="secondary" onClick={() => void resend()} disabled={pending}>
        {pending ? 'Sending…' : label}
      </Button>
      {note ? (
        <span role={note.ok ? 'status' : 'alert'} className={`text-sm ${note.ok ? 'text-slate-700' : 'text-red-700'}`}>
          {note.text}
        </span>
      ) : null}
    </span>
  );
}
