'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/button';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { CatalogueEntry, ConnectionDto, ConnectionTestResult } from '@/lib/api-types';
import { keys, wsPath } from '@/lib/queries';
import { AppIcon } from './app-icon';
import { connectionHealth, type HealthTone } from './connection-health';

const BADGE: Record<HealthTone, string> = {
  good: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  bad: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  neutral: 'bg-slate-100 text-slate-700 ring-slate-500/20',
};

interface Props {
  workspaceId: string;
  connection: ConnectionDto;
  app: CatalogueEntry | undefined;
  manage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

/** "Used by A and B · C (off)": every konnector that uses it. */
export function usedByText(konnectors: ConnectionDto['konnectors']): string {
  if (konnectors.length === 0) return 'Not used by a konnector';
  return `Used by ${konnectors.map((k) => (k.status === 'active' ? k.name : `${k.name} (off)`)).join(', ')}`;
}

export function ConnectionRow({ workspaceId, connection: c, app, manage, onEdit, onDelete }: Props) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const test = useMutation({
    mutationFn: () => api<ConnectionTestResult>(wsPath(workspaceId, `/connections/${c.id}/test`), { method: 'POST' }),
    onSuccess: (r) => {
      queryClient.setQueryData<ConnectionDto[]>(keys.connections(workspaceId), (all) => all?.map((x) => (x.id === r.connection.id ? r.connection : x)));
      if (r.ok) toast.success(`"${c.name}": ${r.message}`);
      else toast.error(`"${c.name}" failed the test: ${r.message}`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  const settings = Object.entries(c.settings);
  const health = connectionHealth(c);

  return (
    <li className="flex items-start gap-4 px-5 py-4">
      <AppIcon entry={app} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-medium text-slate-900">{c.name}</h3>
          <span data-testid="connection-status" className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${BADGE[health.tone]}`}>
            {health.label}
          </span>
        </div>
        <p className="text-sm text-slate-600">
          {app?.name ?? c.connectorKey}
          {c.secretHint ? <span className="ml-2 font-mono text-xs text-slate-500">key {c.secretHint}</span> : null}
        </p>
        {settings.length ? (
          <dl className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-500">
            {settings.map(([k, v]) => (
              <div key={k} className="flex gap-1">
                <dt>{k}:</dt>
                <dd className="font-mono">{String(v)}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <p className="mt-1 text-xs text-slate-500" aria-live="polite" data-testid="connection-status-detail">
          {test.isPending ? 'Testing…' : `${health.label} — ${health.detail}`}
        </p>
        <p className="mt-1 text-xs text-slate-500">{usedByText(c.konnectors)}</p>
      </div>
      {manage ? (
        <div className="flex shrink-0 gap-2">
          <Button variant="secondary" onClick={() => test.mutate()} disabled={test.isPending} aria-label={`Test connection ${c.name}`}>
            {test.isPending ? 'Testing…' : 'Test connection'}
          </Button>
          <Button variant="ghost" onClick={onEdit} aria-label={`Edit ${c.name}`}>
            Edit
          </Button>
          <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={onDelete} aria-label={`Delete ${c.name}`}>
            Delete
          </Button>
        </div>
      ) : null}
    </li>
  );
}
