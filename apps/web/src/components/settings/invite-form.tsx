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
  const invite = useMutation({
    mutationFn: () => api<InviteResult>(wsPath(ws.id, '/members'), { method: 'POST', body: { email, role } }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: keys.members(ws.id) });
      setEmail('');
      toast.success(r.kind === 'member' ? `${r.member.name} joined as ${r.member.role}` : `${r.invitation.email} is invited: they join when they sign up with that email`);
    },
    onError: (err) => (err instanceof ApiError && err.field ? setError(err.message.replace(/^[\w.]+: /, '')) : toast.error(messageOf(err))),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(undefined);
    invite.mutate();
  }

  return (
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
  );
}
