'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/button';
import { AppIcon } from '@/components/connections/app-icon';
import { Skeleton } from '@/components/skeleton';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { CatalogueEntry, ConnectionDto, KonnectorDto, TemplateDto } from '@/lib/api-types';
import { konnectorKeys, useTemplates } from '@/lib/konnector-queries';
import { useCatalogue, useConnections, wsPath } from '@/lib/queries';

function TemplateCard({ workspaceId, template, app, connections }: { workspaceId: string; template: TemplateDto; app: CatalogueEntry | undefined; connections: ConnectionDto[] }) {
  const usable = connections.filter((c) => c.connectorKey === template.connectorKey);
  const [connectionId, setConnectionId] = useState('');
  const chosen = connectionId || usable[0]?.id || '';
  const queryClient = useQueryClient();
  const toast = useToast();
  const create = useMutation({
    mutationFn: () => api<KonnectorDto>(wsPath(workspaceId, '/konnectors'), { method: 'POST', body: { templateKey: template.key, connectionId: chosen } }),
    onSuccess: async (k) => {
      await queryClient.invalidateQueries({ queryKey: konnectorKeys.all(workspaceId) });
      toast.success(`"${k.name}" created (inactive). Turn it on when you are ready.`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  const selectId = `template-${template.key}-connection`;
  return (
    <li className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-start gap-3">
        <AppIcon entry={app} size={28} />
        <div className="min-w-0">
          <h3 className="font-medium text-slate-900">{template.name}</h3>
          <p className="text-sm text-slate-600">{template.description}</p>
          <p className="mt-1 text-xs text-slate-500">
            When <strong>{template.trigger.name}</strong> → {template.actions.map((a) => a.name).join(' → ')}
          </p>
        </div>
      </div>
      {usable.length === 0 ? (
        <p className="text-sm text-slate-600">
          Needs a {app?.name ?? template.connectorKey} connection.{' '}
          <Link href={`/app/${workspaceId}/connections`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            Add one
          </Link>
        </p>
      ) : (
        <div className="mt-auto flex items-end gap-2">
          <label htmlFor={selectId} className="flex min-w-0 flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
            Connection
            <select id={selectId} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" value={chosen} onChange={(e) => setConnectionId(e.target.value)}>
              {usable.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <Button onClick={() => create.mutate()} disabled={create.isPending || !chosen} aria-label={`Use template ${template.name}`}>
            {create.isPending ? 'Creating…' : 'Use template'}
          </Button>
        </div>
      )}
    </li>
  );
}

/** "Use template": the ready-made Custify konnectors, created inactive on the chosen connection. */
export function TemplateCards({ workspaceId }: { workspaceId: string }) {
  const templates = useTemplates();
  const connections = useConnections(workspaceId);
  const catalogue = useCatalogue();
  return (
    <section aria-labelledby="templates-heading" className="flex flex-col gap-3">
      <h2 id="templates-heading" className="text-lg font-semibold">
        Start from a template
      </h2>
      {templates.isPending || connections.isPending ? (
        <div role="status" aria-label="Loading templates" className="grid gap-3 md:grid-cols-2">
          <Skeleton className="h-32" />
          <Skeleton className="h-32" />
        </div>
      ) : templates.isError ? (
        <p role="alert" className="text-sm text-red-800">Could not load templates: {messageOf(templates.error)}</p>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {templates.data.map((t) => (
            <TemplateCard key={t.key} workspaceId={workspaceId} template={t} app={catalogue.data?.find((a) => a.key === t.connectorKey)} connections={connections.data ?? []} />
          ))}
        </ul>
      )}
    </section>
  );
}
