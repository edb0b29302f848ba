'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';
import type { ConnectionDto } from '@/lib/api-types';
import { keys, wsPath } from '@/lib/queries';

/**
 * Confirms, then deletes. Lists the konnectors that use the connection: active ones must be turned
 * off (or moved to another connection) first, as the API's 409 says; inactive ones will need another.
 */
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

  const active = connection.konnectors.filter((k) => k.status === 'active');
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Delete "${connection.name}"?`}
      description={connection.konnectors.length ? 'This cannot be undone.' : 'No konnector uses it. This cannot be undone.'}
    >
      {connection.konnectors.length ? (
        <section aria-label="Konnectors using this connection" className="flex flex-col gap-1 text-sm">
          <p className="font-medium text-slate-900">
            Used by {connection.konnectors.length} konnector{connection.konnectors.length === 1 ? '' : 's'}:
          </p>
          <ul className="flex flex-col gap-0.5">
            {connection.konnectors.map((k) => (
              <li key={k.id} className="flex items-center gap-2">
                <Link href={`/app/${workspaceId}/konnectors/${k.id}`} className="text-indigo-700 underline">
                  {k.name}
                </Link>
                <span className={`text-xs ${k.status === 'active' ? 'text-emerald-700' : 'text-slate-500'}`}>{k.status === 'active' ? 'Active' : 'Inactive'}</span>
              </li>
            ))}
          </ul>
          <p className="text-slate-600">
            {active.length
              ? `Turn off ${active.length === 1 ? 'the active one' : `the ${active.length} active ones`} (or switch ${active.length === 1 ? 'its' : 'their'} steps to another connection) before deleting.`
              : 'They will need another connection before they can be turned on.'}
          </p>
        </section>
      ) : null}
      {blocked ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {blocked}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending || blocked !== null || active.length > 0}>
          {remove.isPending ? 'Deleting…' : 'Delete connection'}
        </Button>
      </div>
    </Dialog>
  );
}
