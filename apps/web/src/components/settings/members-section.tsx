'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { useWorkspace } from '@/components/shell/workspace-context';
import { ListSkeleton } from '@/components/skeleton';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { InvitationDto, InviteResult, MemberDto } from '@/lib/api-types';
import { keys, useMembers, wsPath } from '@/lib/queries';
import { InviteForm } from './invite-form';

const ROLES = ['member', 'admin', 'owner'] as const;

export function MembersSection() {
  const ws = useWorkspace();
  const members = useMembers(ws.id);
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [removing, setRemoving] = useState<MemberDto | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.members(ws.id) });

  const changeRole = useMutation({
    mutationFn: (v: { member: MemberDto; role: string }) => api<MemberDto>(wsPath(ws.id, `/members/${v.member.id}`), { method: 'PATCH', body: { role: v.role } }),
    onSuccess: async (m) => {
      await refresh();
      toast.success(`${m.name} is now ${m.role === 'admin' ? 'an' : 'a'} ${m.role}`);
      if (m.you) router.refresh();
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  const remove = useMutation({
    mutationFn: (m: MemberDto) => api<void>(wsPath(ws.id, `/members/${m.id}`), { method: 'DELETE' }),
    onSuccess: async (_, m) => {
      setRemoving(null);
      if (m.you) {
        toast.success(`You left ${ws.name}`);
        router.push('/app');
        router.refresh();
        return;
      }
      await refresh();
      toast.success(`${m.name} was removed`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  const cancelInvite = useMutation({
    mutationFn: (id: string) => api<void>(wsPath(ws.id, `/invitations/${id}`), { method: 'DELETE' }),
    onSuccess: async () => {
      await refresh();
      toast.success('Invitation revoked');
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  const reinvite = useMutation({
    mutationFn: (i: InvitationDto) => api<InviteResult>(wsPath(ws.id, '/members'), { method: 'POST', body: { email: i.email, role: i.role } }),
    onSuccess: async (r) => {
      await refresh();
      toast.success(r.mail.status === 'queued' ? `A new invitation was emailed to ${r.invitation.email}` : `${r.invitation.email} is invited again: ${r.mail.reason.toLowerCase()}, send them the link: ${r.mail.link}`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });

  const isOwner = ws.role === 'owner';
  const isAdmin = ws.role === 'admin' || isOwner;
  const canRemove = (m: MemberDto) => m.you || isOwner || (ws.role === 'admin' && m.role !== 'owner');

  return (
    <section aria-labelledby="members-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="members-heading" className="text-lg font-semibold">
        Members
      </h2>
      {isAdmin ? <InviteForm /> : null}
      {members.isPending ? (
        <ListSkeleton rows={2} label="Loading members" />
      ) : members.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load members: {messageOf(members.error)}
        </p>
      ) : (
        <>
          <ul className="divide-y divide-slate-200">
            {members.data.members.map((m) => (
              <li key={m.id} className="flex items-center gap-4 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-slate-900">
                    {m.name} {m.you ? <span className="text-xs font-normal text-slate-500">(you)</span> : null}
                  </p>
                  <p className="truncate text-sm text-slate-600">{m.email}</p>
                </div>
                {isOwner ? (
                  <>
                    <label htmlFor={`role-${m.id}`} className="sr-only">
                      Role of {m.name}
                    </label>
                    <select
                      id={`role-${m.id}`}
                      value={m.role}
                      disabled={changeRole.isPending}
                      onChange={(e) => changeRole.mutate({ member: m, role: e.target.value })}
                      className="rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </>
                ) : (
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{m.role}</span>
                )}
                {canRemove(m) ? (
                  <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => setRemoving(m)} aria-label={m.you ? 'Leave this workspace' : `Remove ${m.name}`}>
                    {m.you ? 'Leave' : 'Remove'}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          {members.data.invitations.length ? (
            <div className="flex flex-col gap-2">
              <h3 className="text-sm font-medium text-slate-700">Invitations</h3>
              <ul aria-label="Invitations" className="divide-y divide-slate-200 rounded-md border border-slate-200">
                {members.data.invitations.map((i) => (
                  <li key={i.id} className="flex items-center gap-4 px-3 py-2 text-sm">
                    <span className="flex-1">{i.email}</span>
                    <span className="text-xs text-slate-500">{i.role}</span>
                    <InvitationState invitation={i} />
                    {i.status === 'pending' ? <MailStatus status={i.mailStatus} /> : null}
                    {isAdmin && (i.status === 'pending' || i.status === 'expired') ? (
                      <Button variant="ghost" onClick={() => cancelInvite.mutate(i.id)} disabled={cancelInvite.isPending} aria-label={`Revoke the invitation for ${i.email}`}>
                        Revoke
                      </Button>
                    ) : null}
                    {isAdmin && (i.status === 'expired' || i.status === 'revoked' || i.status === 'declined') && (i.role !== 'owner' || isOwner) ? (
                      <Button variant="ghost" onClick={() => reinvite.mutate(i)} disabled={reinvite.isPending} aria-label={`Invite ${i.email} again`}>
                        Invite again
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      )}
      {removing ? (
        <Dialog open onClose={() => setRemoving(null)} title={removing.you ? `Leave ${ws.name}?` : `Remove ${removing.name}?`} description={removing.you ? 'You will lose access to this workspace.' : `${removing.email} will lose access to this workspace.`}>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setRemoving(null)} autoFocus>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => remove.mutate(removing)} disabled={remove.isPending}>
              {removing.you ? 'Leave' : 'Remove'}
            </Button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

const MAIL_STATUS: Record<string, { label: string; className: string }> = {
  queued: { label: 'email queued', className: 'bg-slate-100 text-slate-700' },
  sending: { label: 'email sending', className: 'bg-slate-100 text-slate-700' },
  sent: { label: 'email sent', className: 'bg-green-100 text-green-800' },
  failed: { label: 'email failed', className: 'bg-red-100 text-red-800' },
};

function MailStatus({ status }: { status: string | null }) {
  const s = status ? MAIL_STATUS[status] : undefined;
  if (!s) return <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">not emailed</span>;
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${s.className}`}>{s.label}</span>;
}

const INVITATION_STATE: Record<InvitationDto['status'], { label: string; className: string }> = {
  pending: { label: 'pending', className: 'bg-indigo-50 text-indigo-800' },
  expired: { label: 'expired', className: 'bg-amber-100 text-amber-800' },
  accepted: { label: 'accepted', className: 'bg-green-100 text-green-800' },
  declined: { label: 'declined', className: 'bg-slate-100 text-slate-700' },
  revoked: { label: 'revoked', className: 'bg-slate-100 text-slate-700' },
};

function InvitationState({ invitation }: { invitation: InvitationDto }) {
  const s = INVITATION_STATE[invitation.status];
  const title = invitation.status === 'pending' ? `The link works until ${new Date(invitation.expiresAt).toLocaleString()}` : undefined;
  return (
    <span title={title} className={`rounded-full px-2 py-0.5 text-xs font-medium ${s.className}`}>
      {s.label}
    </span>
  );
}
