'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AlertSettingsForm, SecretOnce, type AlertFormBody } from '@/components/alerts/alert-settings-form';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { api, messageOf } from '@/lib/api-client';
import type { AlertSettingsDto } from '@/server/alerts/settings';

/** Settings → Alerts: the workspace's alert settings (konnectors may override them on their page). */
export function AlertsSection() {
  const ws = useWorkspace();
  const client = useQueryClient();
  const key = ['alert-settings', ws.id];
  const [secret, setSecret] = useState<string | undefined>();
  const query = useQuery({ queryKey: key, queryFn: () => api<AlertSettingsDto>(`/api/v1/workspaces/${ws.id}/alert-settings`) });
  const save = useMutation({
    mutationFn: (body: AlertFormBody) => api<AlertSettingsDto>(`/api/v1/workspaces/${ws.id}/alert-settings`, { method: 'PUT', body }),
    onSuccess: (dto) => {
      setSecret(dto.webhookSecret);
      client.setQueryData(key, dto);
    },
  });
  return (
    <section id="alerts" aria-labelledby="alerts-title" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="alerts-title" className="text-lg font-semibold">Alerts</h2>
      <p className="mb-4 text-sm text-slate-600">Who hears about failed runs, paused triggers and connections that need attention, and how. Later failures are grouped into a digest so nobody gets flooded.</p>
      <SecretOnce secret={secret} />
      {query.isError ? <p role="alert" className="text-sm text-red-800">Could not load: {messageOf(query.error)}</p> : null}
      {query.data ? <AlertSettingsForm key={JSON.stringify(query.data.settings)} dto={query.data} canEdit={canManage(ws)} saving={save.isPending} onSave={(b) => save.mutateAsync(b)} /> : null}
    </section>
  );
}
