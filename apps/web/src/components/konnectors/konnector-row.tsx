'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Button } from '@/components/button';
import { AppIcon } from '@/components/connections/app-icon';
import { RunStatusBadge } from '@/components/runs/run-status-badge';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { CatalogueEntry, KonnectorDto, KonnectorSummaryDto } from '@/lib/api-types';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { konnectorKeys } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';
import { ActiveToggle } from './active-toggle';
import { TriggerHealthNote } from './trigger-health-note';

interface Props {
  workspaceId: string;
  konnector: KonnectorSummaryDto;
  appOf: (key: string) => CatalogueEntry | undefined;
  canDelete: boolean;
  onDelete: () => void;
}

export function KonnectorRow({ workspaceId, konnector: k, appOf, canDelete, onDelete }: Props) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const duplicate = useMutation({
    mutationFn: () => api<KonnectorDto>(wsPath(workspaceId, `/konnectors/${k.id}/duplicate`), { method: 'POST' }),
    onSuccess: async (copy) => {
      await queryClient.invalidateQueries({ queryKey: konnectorKeys.all(workspaceId) });
      toast.success(`"${copy.name}" created (inactive)`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  return (
    <tr className="align-top hover:bg-slate-50">
      <th scope="row" className="px-4 py-3 text-left font-normal">
        <Link href={`/app/${workspaceId}/konnectors/${k.id}`} className="font-medium text-slate-900 underline-offset-2 hover:text-indigo-700 hover:underline">
          {k.name}
        </Link>
        {k.description ? <p className="max-w-xs truncate text-sm text-slate-600" title={k.description}>{k.description}</p> : null}
        {k.tags.length ? (
          <p className="mt-1 flex flex-wrap gap-1">
            {k.tags.map((t) => (
              <span key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                {t}
              </span>
            ))}
          </p>
        ) : null}
        <TriggerHealthNote health={k.triggerHealth} active={k.status === 'active'} />
      </th>
      <td className="px-4 py-3">
        <ul className="flex gap-1" aria-label="Apps">
          {k.apps.length === 0 ? <li className="text-xs text-slate-500">—</li> : null}
          {k.apps.map((key) => (
            <li key={key} title={appOf(key)?.name ?? key}>
              <AppIcon entry={appOf(key)} size={22} />
              <span className="sr-only">{appOf(key)?.name ?? key}</span>
            </li>
          ))}
        </ul>
      </td>
      <td className="px-4 py-3">
        <ActiveToggle workspaceId={workspaceId} konnector={k} />
      </td>
      <td className="px-4 py-3 whitespace-nowrap">
        {k.lastRun ? (
          <Link href={`/app/${workspaceId}/runs/${k.lastRun.id}`} className="inline-flex items-center gap-2 text-sm text-slate-700 underline-offset-2 hover:underline" title={formatDateTime(k.lastRun.createdAt)}>
            <RunStatusBadge status={k.lastRun.status} />
            <time dateTime={k.lastRun.createdAt}>{formatRelative(k.lastRun.createdAt)}</time>
          </Link>
        ) : (
          <span className="text-sm text-slate-500">Never run</span>
        )}
      </td>
      <td className="px-4 py-3 text-right tabular-nums">{k.runs24hCapped ? `${k.runs24h.toLocaleString('en-GB')}+` : k.runs24h}</td>
      <td className="px-4 py-3">
        <div className="flex justify-end gap-1">
          <Button variant="ghost" onClick={() => duplicate.mutate()} disabled={duplicate.isPending} aria-label={`Duplicate ${k.name}`}>
            Duplicate
          </Button>
          {canDelete ? (
            <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={onDelete} aria-label={`Delete ${k.name}`}>
              Delete
            </Button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
