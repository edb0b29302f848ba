'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AlertSettingsForm, SecretOnce, type AlertFormBody } from '@/components/alerts/alert-settings-form';
import { Button } from '@/components/button';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { api, messageOf } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format-time';
import { konnectorKeys } from '@/lib/konnector-queries';
import type { KonnectorAlertsDto } from '@/server/alerts/settings';
import { Drawer } from './drawer';

/** The konnector's alerts: its failing streak, a Resume button after an auto-pause, and its override of the workspace's settings. */
export function AlertsDrawer({ workspaceId, konnectorId, onClose }: { workspaceId: string; konnectorId: string; onClose: () => void }) {
  const ws = useWorkspace();
  const client = useQueryClient();
  const path = `/api/v1/workspaces/${workspaceId}/konnectors/${encodeURIComponent(konnectorId)}/alert-settings`;
  const key = ['konnector-alerts', workspaceId, konnectorId];
  const [secret, setSecret] = useState<string | undefined>();
  const query = useQuery({ queryKey: key, queryFn: () => api<KonnectorAlertsDto>(path) });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: key });
    void client.invalidateQueries({ queryKey: konnectorKeys.one(workspaceId, konnectorId) });
  };
  const save = useMutation({
    mutationFn: (body: AlertFormBody) => api<KonnectorAlertsDto>(path, { method: 'PUT', body }),
    onSuccess: (dto) => {
      setSecret(dto.webhookSecret);
      client.setQueryData(key, dto);
    },
  });
  const reset = useMutation({ mutationFn: () => api(path, { method: 'DELETE' }), onSuccess: refresh });
  const resume = useMutation({ mutationFn: () => api(`/api/v1/workspaces/${workspaceId}/konnectors/${encodeURIComponent(konnectorId)}/activate`, { method: 'POST', body: {} }), onSuccess: refresh });
  const d = query.data;
  const paused = d && d.status === 'inactive' && d.state?.autoPausedAt;
  return (
    <Drawer title="Alerts" onClose={onClose}>
      {query.isError ? <p role="alert" className="text-sm text-red-800">Could not load: {messageOf(query.error)}</p> : null}
      {paused ? (
        <div role="status" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
          Turned off after repeated failed runs ({formatDateTime(d.state?.autoPausedAt ?? '')}). Fix the cause, then resume.
          <Button className="mt-2" disabled={resume.isPending} onClick={() => resume.mutate()}>{resume.isPending ? 'Resuming…' : 'Resume konnector'}</Button>
          {resume.isError ? <p role="alert" className="mt-1">{messageOf(resume.error)}</p> : null}
        </div>
      ) : null}
      {d?.state?.failingSince ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Failing since {formatDateTime(d.state.failingSince)} ({d.state.consecutiveFailures} failed runs in a row).
          {d.state.digestDueAt ? ` Next digest ${formatDateTime(d.state.digestDueAt)}.` : ''}
        </p>
      ) : null}
      {d ? (
        <>
          <p className="text-sm text-slate-600">{d.override ? 'This konnector overrides the workspace’s alert settings.' : 'This konnector follows the workspace’s alert settings (Settings → Alerts). Saving here overrides them for this konnector.'}</p>
          {d.override && canManage(ws) ? <Button variant="secondary" className="self-start" disabled={reset.isPending} onClick={() => reset.mutate()}>Use the workspace settings</Button> : null}
          <SecretOnce secret={secret} />
          <AlertSettingsForm key={JSON.stringify([d.settings, d.override])} dto={d} canEdit={canManage(ws)} saving={save.isPending} onSave={(b) => save.mutateAsync(b)} />
        </>
      ) : null}
    </Drawer>
  );
}
