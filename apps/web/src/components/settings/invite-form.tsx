'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { useWorkspace } from '@/components/shell/workspace-context';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';
import type { InviteResult } from '@/lib/api-types';
import { keys, wsPath } from '@/lib/queries';

export function InviteForm() {
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [error, setError] = useState<string>();
  /** No mailer on this instance: the link the inviter sends themselves. */
  const [manual, setManual] = useState<{ email: string; link: string; reason: string } | null>(null);
  const invite = useMutation({
    mutationFn: () => api<InviteResult>(wsPath(ws.id, '/members'), { method: 'POST', body: { email, role } }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: keys.members(ws.id) });
      setEmail('');
      const who = r.invitation.email;
      if (r.mail.status === 'queued') {
        setManual(null);
        toast.success(`Invitation emailed to ${who}`);
      } else {
        setManual({ email: who, link: r.mail.link, reason: r.mail.reason });
        toast.success(`${who} is invited; send them the link below`);
      }
    },
    onError: (err) => (err instanceof ApiError && err.field ? setError(err.message.replace(/^[\w.]+: /, '')) : toast.error(messageOf(err))),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(undefined);
    invite.mutate();
  }

  return (
    <div className="flex flex-col gap-3">
      <form onSubmit={onSubmit} className="flex items-end gap-3">
        <div className="flex-1">
          <Field id="invite-email" type="email" label="Invite by email" placeholder="colleague@company.com" value={email} onChange={(e) => setEmail(e.target.value)} required error={error} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="invite-role" className="text-sm font-medium text-slate-800">
            Role
          </label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value)} className="rounded-md border border-slate-300 px-2 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
            <option value="member">member</option>
            <option value="admin">admin</option>
            {ws.role === 'owner' ? <option value="owner">owner</option> : null}
          </select>
        </div>
        <Button type="submit" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Invite'}
        </Button>
      </form>
      {manual ? <ManualLink {...manual} onDone={() => setManual(null)} /> : null}
    </div>
  );
}

function ManualLink({ email, link, reason, onDone }: { email: string; link: string; reason: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <p>
        {reason}: send this link to <strong>{email}</strong> yourself. They join when they open it, signed in with that address, and accept.
      </p>
      <div className="flex gap-2">
        <label htmlFor="invite-link" className="sr-only">
          Invitation link for {email}
        </label>
        <input id="invite-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} className="flex-1 rounded-md border border-amber-300 bg-white px-2 py-1.5 font-mono text-xs text-slate-800" />
        <Button
          variant="secondary"
          onClick={() =>
            void navigator.clipboard.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy link'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
