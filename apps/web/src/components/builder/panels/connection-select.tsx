'use client';

/** "Connection": the workspace's connections for the app, and "+ Add new connection" (selected once created). */
import { useId, useState } from 'react';
import { Button } from '@/components/button';
import { AddConnectionDialog } from '@/components/connections/add-connection-dialog';
import type { CatalogueEntry } from '@/lib/api-types';
import { useConnections } from '@/lib/queries';
import { describedBy, FieldFrame } from './field-frame';

interface ConnectionSelectProps {
  workspaceId: string;
  app: CatalogueEntry;
  value: string | undefined;
  onChange: (connectionId: string | undefined) => void;
  messages?: string[];
}

export { soleConnection } from './sole-connection';

export function ConnectionSelect({ workspaceId, app, value, onChange, messages = [] }: ConnectionSelectProps) {
  const id = useId();
  const [adding, setAdding] = useState(false);
  const { data: connections, isLoading } = useConnections(workspaceId);
  if (app.auth.kind === 'none') return <p className="text-sm text-slate-600">{app.name} is built in: no connection needed.</p>;
  const mine = (connections ?? []).filter((c) => c.connectorKey === app.key);
  const known = value === undefined || mine.some((c) => c.id === value);
  const chosen = mine.find((c) => c.id === value);
  const description = chosen?.status === 'needs_attention' ? `This connection needs attention${chosen.statusMessage ? `: ${chosen.statusMessage}` : ''}.` : undefined;
  return (
    <FieldFrame id={id} label="Connection" required description={description} messages={messages}>
      <div className="flex items-center gap-2">
        <select
          id={id}
          value={value ?? ''}
          aria-invalid={messages.length > 0 || undefined}
          aria-describedby={describedBy(id, description, messages)}
          onChange={(e) => onChange(e.target.value || undefined)}
          className={`min-w-0 flex-1 rounded-md border bg-white px-3 py-2 text-sm ${messages.length ? 'border-red-400' : 'border-slate-300'}`}
        >
          <option value="">{isLoading ? 'Loading…' : mine.length ? 'Choose connection' : `No ${app.name} connection yet`}</option>
          {mine.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.status === 'needs_attention' ? ' (needs attention)' : ''}
            </option>
          ))}
          {!known ? <option value={value}>A connection that no longer exists</option> : null}
        </select>
      </div>
      <Button variant="ghost" className="self-start px-1 py-0.5 text-sm text-indigo-700" onClick={() => setAdding(true)}>
        + Add new connection
      </Button>
      <AddConnectionDialog key={app.key} workspaceId={workspaceId} apps={[app]} initialApp={app} open={adding} onClose={() => setAdding(false)} onCreated={(c) => onChange(c.id)} />
    </FieldFrame>
  );
}
