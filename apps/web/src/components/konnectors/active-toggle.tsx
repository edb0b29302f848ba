'use client';

import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';
import type { ActivationDto, KonnectorDto, KonnectorSummaryDto, Problem, TriggerHealthDto } from '@/lib/api-types';
import { triggerHealthText } from '@/lib/trigger-health';
import { konnectorKeys } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';
import { ProblemsList } from './problems-list';

type Status = KonnectorDto['status'];

interface Props {
  workspaceId: string;
  konnector: { id: string; name: string; status: Status; triggerHealth?: TriggerHealthDto };
}

/**
 * The Active/Inactive switch. The new state shows at once (optimistic, in every cached list and
 * the detail); a refusal rolls it back and lists the problems that block activation.
 */
export function ActiveToggle({ workspaceId, konnector }: Props) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const active = konnector.status === 'active';
  // On but not running as it should: never a plain green "Active".
  const health = active ? (konnector.triggerHealth?.state ?? 'ok') : 'ok';
  const label = !active ? 'Inactive' : health === 'paused' ? 'Paused' : health === 'retrying' ? 'Retrying' : 'Active';
  const track = !active ? 'bg-slate-300' : health === 'paused' ? 'bg-red-500' : health === 'retrying' ? 'bg-amber-500' : 'bg-emerald-500';

  const setStatus = (status: Status) => {
    queryClient.setQueriesData<KonnectorSummaryDto[]>({ queryKey: [...konnectorKeys.all(workspaceId), 'list'] }, (all) => all?.map((k) => (k.id === konnector.id ? { ...k, status } : k)));
    queryClient.setQueryData<KonnectorDto>(konnectorKeys.one(workspaceId, konnector.id), (k) => (k ? { ...k, status } : k));
  };

  const toggle = useMutation({
    mutationFn: (next: Status) =>
      api<ActivationDto | KonnectorDto>(wsPath(workspaceId, `/konnectors/${konnector.id}/${next === 'active' ? 'activate' : 'deactivate'}`), { method: 'POST', body: {} }),
    onMutate: async (next) => {
      await queryClient.cancelQueries({ queryKey: konnectorKeys.all(workspaceId) });
      const snapshot: [QueryKey, unknown][] = queryClient.getQueriesData({ queryKey: konnectorKeys.all(workspaceId) });
      setStatus(next);
      return { snapshot };
    },
    onError: (err, _next, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      if (err instanceof ApiError && err.code === 'invalid_definition' && err.problems.length) setProblems(err.problems);
      else toast.error(`"${konnector.name}": ${messageOf(err)}`);
    },
    onSuccess: (result, next) => {
      queryClient.setQueryData<KonnectorDto>(konnectorKeys.one(workspaceId, konnector.id), result);
      toast.success(next === 'active' ? 'Konnector activated!' : 'Konnector deactivated');
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: konnectorKeys.all(workspaceId) }),
  });

  return (
    <>
      <button
        type="button"
        role="switch"
        aria-checked={active}
        aria-label={`${konnector.name}: ${label.toLowerCase()}`}
        title={active && health !== 'ok' ? (triggerHealthText(konnector.triggerHealth as TriggerHealthDto) ?? undefined) : undefined}
        disabled={toggle.isPending}
        onClick={() => toggle.mutate(active ? 'inactive' : 'active')}
        className="group inline-flex items-center gap-2 rounded-full text-xs font-medium text-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60"
      >
        <span className={`relative inline-flex h-5 w-9 shrink-0 rounded-full transition-colors ${track}`}>
          <span className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-transform ${active ? 'translate-x-4' : 'translate-x-0.5'}`} />
        </span>
        <span className="w-16 text-left">{label}</span>
      </button>
      <Dialog open={problems !== null} onClose={() => setProblems(null)} title={`"${konnector.name}" can't be turned on yet`} description="Fix these problems in the konnector, then try again.">
        <ProblemsList problems={problems ?? []} />
        <div className="flex justify-end">
          <Button variant="secondary" onClick={() => setProblems(null)} autoFocus>
            OK
          </Button>
        </div>
      </Dialog>
    </>
  );
}
