'use client';

import { useState } from 'react';
import { Button } from '@/components/button';
import { EmptyState } from '@/components/empty-state';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { ListSkeleton } from '@/components/skeleton';
import { messageOf } from '@/lib/api-client';
import type { ConnectionDto } from '@/lib/api-types';
import { useCatalogue, useConnections } from '@/lib/queries';
import { AddConnectionDialog } from './add-connection-dialog';
import { ConnectionRow } from './connection-row';
import { DeleteConnectionDialog } from './delete-connection-dialog';
import { EditConnectionDialog } from './edit-connection-dialog';

export function ConnectionsView() {
  const ws = useWorkspace();
  const manage = canManage(ws);
  const connections = useConnections(ws.id);
  const catalogue = useCatalogue();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ConnectionDto | null>(null);
  const [deleting, setDeleting] = useState<ConnectionDto | null>(null);
  const apps = (catalogue.data ?? []).filter((a) => a.auth.kind !== 'none');
  const appOf = (key: string) => catalogue.data?.find((a) => a.key === key);

  const addButton = manage ? (
    <Button onClick={() => setAdding(true)} disabled={!catalogue.data}>
      Add connection
    </Button>
  ) : null;

  return (
    <section className="flex flex-col gap-6">
      <header className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Connections</h1>
          <p className="text-sm text-slate-600">
            The accounts your konnectors use. {manage ? 'Secrets are write-only: once saved they are never shown again.' : 'Only admins and owners can add or change connections.'}
          </p>
        </div>
        {addButton}
      </header>

      {connections.isPending ? (
        <ListSkeleton label="Loading connections" />
      ) : connections.isError ? (
        <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          Could not load connections: {messageOf(connections.error)}{' '}
          <button type="button" className="underline" onClick={() => void connections.refetch()}>
            Try again
          </button>
        </p>
      ) : connections.data.length === 0 ? (
        <EmptyState title="No connections yet" action={addButton}>
          {manage ? 'Add a connection with your app’s API key, then test it. Konnectors use connections for their triggers and actions.' : 'Ask an admin of this workspace to add a connection.'}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {connections.data.map((c) => (
            <ConnectionRow key={c.id} workspaceId={ws.id} connection={c} app={appOf(c.connectorKey)} manage={manage} onEdit={() => setEditing(c)} onDelete={() => setDeleting(c)} />
          ))}
        </ul>
      )}

      {manage ? <AddConnectionDialog workspaceId={ws.id} apps={apps} open={adding} onClose={() => setAdding(false)} /> : null}
      {editing ? <EditConnectionDialog workspaceId={ws.id} connection={editing} app={appOf(editing.connectorKey)} onClose={() => setEditing(null)} /> : null}
      {deleting ? <DeleteConnectionDialog workspaceId={ws.id} connection={deleting} onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}
