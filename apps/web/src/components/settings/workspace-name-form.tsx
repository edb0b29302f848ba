'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';
import type { WorkspaceDetailDto } from '@/lib/api-types';
import { wsPath } from '@/lib/queries';

export function WorkspaceNameForm() {
  const ws = useWorkspace();
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState(ws.name);
  const [error, setError] = useState<string>();
  const rename = useMutation({
    mutationFn: () => api<WorkspaceDetailDto>(wsPath(ws.id), { method: 'PATCH', body: { name } }),
    onSuccess: (w) => {
      toast.success(`Workspace renamed to "${w.name}"`);
      router.refresh();
    },
    onError: (err) => (err instanceof ApiError && err.field ? setError(err.message.replace(/^[\w.]+: /, '')) : toast.error(messageOf(err))),
  });
  const manage = canManage(ws);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(undefined);
    rename.mutate();
  }

  return (
    <section aria-labelledby="general-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="general-heading" className="text-lg font-semibold">
        General
      </h2>
      <form onSubmit={onSubmit} className="flex items-end gap-3">
        <div className="flex-1">
          <Field id="workspace-name" label="Workspace name" value={name} onChange={(e) => setName(e.target.value)} disabled={!manage} required maxLength={100} error={error} />
        </div>
        {manage ? (
          <Button type="submit" disabled={rename.isPending || name.trim() === ws.name}>
            {rename.isPending ? 'Saving…' : 'Rename'}
          </Button>
        ) : null}
      </form>
      <p className="text-xs text-slate-500">
        Your role here: <strong>{ws.role}</strong>. Members use konnectors; admins also manage connections, tokens and members; owners also change roles.
      </p>
    </section>
  );
}
