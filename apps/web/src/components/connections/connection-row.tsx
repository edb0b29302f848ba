'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/button';
import { StatusBadge } from '@/components/status-badge';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { CatalogueEntry, ConnectionDto, ConnectionTestResult } from '@/lib/api-types';
import { keys, wsPath } from '@/lib/queries';
import { AppIcon } from './app-icon';

interface Props {
  workspaceId: string;
  connection: ConnectionDto;
  app: CatalogueEntry | undefined;
  manage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : 'never';
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

  return (
    <li className="flex items-start gap-4 px-5 py-4">
      <AppIcon entry={app} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-medium text-slate-900">{c.name}</h3>
          <StatusBadge status={c.status} />
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
        <p className="mt-1 text-xs text-slate-500" aria-live="polite">
          {test.isPending ? 'Testing…' : `${c.statusMessage ? `${c.statusMessage} · ` : ''}Last checked ${when(c.lastCheckedAt)} · Last used ${when(c.lastUsedAt)}`}
        </p>
        {c.lastFailureAt && (!c.lastUsedAt || c.lastFailureAt > c.lastUsedAt) ? (
          <p className="mt-1 text-xs text-red-700">
            Last failure {when(c.lastFailureAt)}
            {c.lastFailureMessage ? `: ${c.lastFailureMessage}` : ''}
          </p>
        ) : null}
        <p className="mt-1 text-xs text-slate-500">{c.usedBy.length ? `Used by ${c.usedBy.join(', ')}` : 'Not used by an active konnector'}</p>
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
