'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';
import type { ConnectionDto } from '@/lib/api-types';
import { keys, wsPath } from '@/lib/queries';

/** Confirms, then deletes; a 409 (used by active konnectors) is shown in the dialog. */
export function DeleteConnectionDialog({ workspaceId, connection, onClose }: { workspaceId: string; connection: ConnectionDto; onClose: () => void }) {
  const [blocked, setBlocked] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: () => api<void>(wsPath(workspaceId, `/connections/${connection.id}`), { method: 'DELETE' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.connections(workspaceId) });
      toast.success(`Connection "${connection.name}" deleted`);
      onClose();
    },
    onError: (err) => (err instanceof ApiError && err.status === 409 ? setBlocked(err.message) : toast.error(messageOf(err))),
  });

  return (
    <Dialog open onClose={onClose} title={`Delete "${connection.name}"?`} description="Konnectors that use it will fail until they get another connection. This cannot be undone.">
      {blocked ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {blocked}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending || blocked !== null}>
          {remove.isPending ? 'Deleting…' : 'Delete connection'}
        </Button>
      </div>
    </Dialog>
  );
}
