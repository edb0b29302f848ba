'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { Field } from '@/components/field';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';
import type { WorkspaceDto } from '@/lib/api-types';

export function CreateWorkspaceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const [error, setError] = useState<string>();
  const create = useMutation({
    mutationFn: (name: string) => api<WorkspaceDto>('/api/v1/workspaces', { method: 'POST', body: { name } }),
    onSuccess: (ws) => {
      toast.success(`Workspace "${ws.name}" created`);
      onClose();
      router.push(`/app/${ws.id}/connections`);
      router.refresh();
    },
    onError: (err) => (err instanceof ApiError && err.field ? setError(err.message) : toast.error(messageOf(err))),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(undefined);
    create.mutate(String(new FormData(e.currentTarget).get('name') ?? ''));
  }

  return (
    <Dialog open={open} onClose={onClose} title="New workspace" description="A workspace holds its own connections, konnectors and members.">
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <Field id="new-workspace-name" name="name" label="Name" required autoFocus maxLength={100} error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create workspace'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
