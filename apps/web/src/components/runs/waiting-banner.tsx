'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { RunDetailDto, RunWaitDto } from '@/lib/api-types';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { konnectorKeys } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';

/** A waiting run (a Delay): until when, and for admins "Resume now" and "Cancel" (with a confirmation). */
export function WaitingBanner({ workspaceId, run }: { workspaceId: string; run: RunDetailDto }) {
  const ws = useWorkspace();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const act = useMutation({
    mutationFn: (action: 'resume' | 'cancel') => api<RunWaitDto>(wsPath(workspaceId, `/runs/${run.id}/${action}`), { method: 'POST' }),
    onSuccess: async (change) => {
      setConfirming(false);
      toast.success(change.status === 'cancelled' ? 'Run cancelled' : 'Resuming the run now');
      await queryClient.invalidateQueries({ queryKey: konnectorKeys.run(workspaceId, run.id) });
      await queryClient.invalidateQueries({ queryKey: konnectorKeys.runs(workspaceId) });
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  if (run.status !== 'waiting') return null;
  const at = run.resumeAt;
  return (
    <div role="status" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-violet-200 bg-violet-50 px-4 py-3 text-sm text-violet-900">
      <p>
        <span className="font-medium">Waiting until {at ? formatDateTime(at) : 'its time'}</span>
        {at ? <span className="text-violet-700"> ({formatRelative(at)})</span> : null}. The run holds no worker while it waits; this page refreshes on its own.
      </p>
      {canManage(ws) ? (
        <div className="flex gap-2">
          <Button onClick={() => act.mutate('resume')} disabled={act.isPending} title="End the delay now and run the next steps">
            Resume now
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(true)} disabled={act.isPending}>
            Cancel run
          </Button>
        </div>
      ) : (
        <p className="text-xs text-violet-700">Admins can resume it now or cancel it.</p>
      )}
      <Dialog open={confirming} onClose={() => setConfirming(false)} title="Cancel this run?" description="It stops here for good: the steps after the delay never run. This cannot be undone.">
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Keep waiting
          </Button>
          <Button variant="danger" onClick={() => act.mutate('cancel')} disabled={act.isPending}>
            Cancel run
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
