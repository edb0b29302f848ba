'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/button';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { KonnectorDto, KonnectorExport } from '@/lib/api-types';
import { konnectorKeys } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';
import { DeleteKonnectorDialog } from './delete-konnector-dialog';

function download(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name.replace(/[^\w.-]+/g, '-').toLowerCase() || 'konnector'}.konnector.json`;
  a.click();
  URL.revokeObjectURL(url);
}

/** Export (a .json file without connections or secrets), duplicate, delete. */
export function DetailActions({ workspaceId, konnector, canDelete }: { workspaceId: string; konnector: KonnectorDto; canDelete: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const exportFile = useMutation({
    mutationFn: () => api<KonnectorExport>(wsPath(workspaceId, `/konnectors/${konnector.id}/export`)),
    onSuccess: (file) => download(konnector.name, file),
    onError: (err) => toast.error(messageOf(err)),
  });
  const duplicate = useMutation({
    mutationFn: () => api<KonnectorDto>(wsPath(workspaceId, `/konnectors/${konnector.id}/duplicate`), { method: 'POST' }),
    onSuccess: async (copy) => {
      await queryClient.invalidateQueries({ queryKey: konnectorKeys.all(workspaceId) });
      toast.success(`"${copy.name}" created (inactive)`);
      router.push(`/app/${workspaceId}/konnectors/${copy.id}`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="secondary" onClick={() => exportFile.mutate()} disabled={exportFile.isPending}>
        Export
      </Button>
      <Button variant="secondary" onClick={() => duplicate.mutate()} disabled={duplicate.isPending}>
        Duplicate
      </Button>
      {canDelete ? (
        <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => setDeleting(true)}>
          Delete
        </Button>
      ) : null}
      {deleting ? <DeleteKonnectorDialog workspaceId={workspaceId} konnector={konnector} onClose={() => setDeleting(false)} onDeleted={() => router.push(`/app/${workspaceId}/konnectors`)} /> : null}
    </div>
  );
}
