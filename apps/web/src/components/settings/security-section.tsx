'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { useWorkspace } from '@/components/shell/workspace-context';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';
import { wsPath } from '@/lib/queries';
import type { WorkspaceSecurityDto } from '@/server/workspaces/security-settings';

type Body = { requireTwoFactor?: boolean; auditRetentionDays?: number };

function RetentionForm({ days, canEdit, saving, onSave, error }: { days: number; canEdit: boolean; saving: boolean; onSave: (d: number) => void; error?: string | undefined }) {
  const [value, setValue] = useState(String(days));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(Number(value));
  };
  return (
    <form onSubmit={submit} className="flex items-end gap-3">
      <Field id="audit-retention" type="number" min={30} max={3650} label="Keep the audit log for (days)" value={value} onChange={(e) => setValue(e.target.value)} disabled={!canEdit} required error={error} description="30 to 3650 days; older events are deleted every hour." />
      {canEdit ? (
        <Button type="submit" variant="secondary" disabled={saving || Number(value) === days}>
          Save
        </Button>
      ) : null}
    </form>
  );
}

/** Settings → Security: require two-factor sign-in for members, audit log retention (owners change them). */
export function SecuritySection() {
  const ws = useWorkspace();
  const toast = useToast();
  const client = useQueryClient();
  const key = ['workspaces', ws.id, 'security'];
  const query = useQuery({ queryKey: key, queryFn: () => api<WorkspaceSecurityDto>(wsPath(ws.id, '/security')) });
  const save = useMutation({
    mutationFn: (body: Body) => api<WorkspaceSecurityDto>(wsPath(ws.id, '/security'), { method: 'PATCH', body }),
    onSuccess: (dto) => {
      client.setQueryData(key, dto);
      toast.success('Security settings saved');
    },
  });
  const owner = ws.role === 'owner';
  const err = save.error;
  const fieldErr = (f: string) => (err instanceof ApiError && err.field === f ? err.message.replace(/^[\w.]+: /, '') : undefined);
  const s = query.data;
  return (
    <section id="security" aria-labelledby="security-title" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 id="security-title" className="text-lg font-semibold">
          Security
        </h2>
        <p className="text-sm text-slate-600">{owner ? 'Owners decide how members sign in and how long the audit log is kept.' : 'Set by the owners of this workspace.'}</p>
      </div>
      {query.isError ? <p role="alert" className="text-sm text-red-700">Could not load: {messageOf(query.error)}</p> : null}
      {s ? (
        <>
          <div className="flex flex-col gap-1">
            <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
              <input type="checkbox" checked={s.requireTwoFactor} disabled={!owner || save.isPending} onChange={(e) => save.mutate({ requireTwoFactor: e.target.checked })} />
              Require two-factor sign-in for everyone in this workspace
            </label>
            <p className="text-xs text-slate-500">
              Members without it see a page asking them to set it up in <Link href={`/app/${ws.id}/account#two-factor`} className="text-indigo-700 underline">their account</Link>, and the API refuses their session (API tokens keep working).
              {s.membersWithoutTwoFactor > 0 ? ` ${s.membersWithoutTwoFactor} member${s.membersWithoutTwoFactor === 1 ? ' has' : 's have'} not set it up yet.` : ' Everyone has it.'}
            </p>
            {fieldErr('requireTwoFactor') ? <p role="alert" className="text-sm text-red-700">{fieldErr('requireTwoFactor')}</p> : null}
          </div>
          <RetentionForm key={s.auditRetentionDays} days={s.auditRetentionDays} canEdit={owner} saving={save.isPending} onSave={(d) => save.mutate({ auditRetentionDays: d })} error={fieldErr('auditRetentionDays')} />
          {err && !(err instanceof ApiError && err.field) ? <p role="alert" className="text-sm text-red-700">{messageOf(err)}</p> : null}
        </>
      ) : null}
    </section>
  );
}
