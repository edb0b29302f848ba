'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import { konnectorKeys } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';

/** Confirms, then deletes the konnector with its versions and run history (an active one is turned off first). */
export function DeleteKonnectorDialog({ workspaceId, konnector, onClose, onDeleted }: { workspaceId: string; konnector: { id: string; name: string }; onClose: () => void; onDeleted?: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: () => api<void>(wsPath(workspaceId, `/konnectors/${konnector.id}`), { method: 'DELETE' }),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: konnectorKeys.one(workspaceId, konnector.id) });
      await queryClient.invalidateQueries({ queryKey: konnectorKeys.all(workspaceId) });
      toast.success(`Konnector "${konnector.name}" deleted`);
      onClose();
      onDeleted?.();
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  return (
    <Dialog open onClose={onClose} title={`Delete "${konnector.name}"?`} description="Its versions and its whole run history are deleted too. If it is active, it is turned off first. This cannot be undone.">
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
          {remove.isPending ? 'Deleting…' : 'Delete konnector'}
        </Button>
      </div>
    </Dialog>
  );
}
