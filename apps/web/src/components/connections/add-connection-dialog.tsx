'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { Field } from '@/components/field';
import { flatFields, formValues, initialValues } from '@/components/schema-descriptors';
import { SchemaFields } from '@/components/schema-fields';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { CatalogueEntry, ConnectionDto } from '@/lib/api-types';
import { keys, wsPath } from '@/lib/queries';
import { connectionFormErrors } from './form-errors';
import { AppIcon } from './app-icon';

interface Props {
  workspaceId: string;
  apps: CatalogueEntry[];
  open: boolean;
  onClose: () => void;
  /** Start on this app's form (e.g. "+ Add new connection" in the builder). */
  initialApp?: CatalogueEntry;
  /** Called with the new connection before the dialog closes. */
  onCreated?: (connection: ConnectionDto) => void;
}

/** Pick an app, name the connection, fill in its auth fields (rendered from the connector's schema). */
export function AddConnectionDialog({ workspaceId, apps, open, onClose, initialApp, onCreated }: Props) {
  const [app, setApp] = useState<CatalogueEntry | null>(initialApp ?? null);
  const close = () => {
    setApp(initialApp ?? null);
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} wide title={app ? `Connect ${app.name}` : 'Add a connection'} description={app ? app.description : 'Pick the app to connect.'}>
      {app ? (
        <ConnectionForm key={app.key} workspaceId={workspaceId} app={app} onBack={() => setApp(null)} onDone={close} onCreated={onCreated} />
      ) : (
        <AppPicker apps={apps} onPick={setApp} />
      )}
    </Dialog>
  );
}

function AppPicker({ apps, onPick }: { apps: CatalogueEntry[]; onPick: (app: CatalogueEntry) => void }) {
  if (apps.length === 0) return <p className="text-sm text-slate-600">No app needs a connection yet.</p>;
  return (
    <ul className="grid grid-cols-2 gap-3">
      {apps.map((a) => (
        <li key={a.key}>
          <button
            type="button"
            onClick={() => onPick(a)}
            className="flex w-full items-center gap-3 rounded-lg border border-slate-200 p-3 text-left hover:border-indigo-400 hover:bg-indigo-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            <AppIcon entry={a} />
            <span className="min-w-0">
              <span className="block font-medium text-slate-900">{a.name}</span>
              <span className="block truncate text-xs text-slate-500">{a.description}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function ConnectionForm({ workspaceId, app, onBack, onDone, onCreated }: { workspaceId: string; app: CatalogueEntry; onBack: () => void; onDone: () => void; onCreated?: (c: ConnectionDto) => void }) {
  const fields = useMemo(() => flatFields(app.auth.fields), [app]);
  const [name, setName] = useState(app.name);
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(fields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const queryClient = useQueryClient();
  const toast = useToast();

  const create = useMutation({
    mutationFn: () => api<ConnectionDto>(wsPath(workspaceId, '/connections'), { method: 'POST', body: { connectorKey: app.key, name, fields: formValues(fields, values) } }),
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: keys.connections(workspaceId) });
      toast.success(`Connection "${c.name}" added. Test it to check the credentials.`);
      onCreated?.(c);
      onDone();
    },
    onError: (err) => {
      const fieldError = connectionFormErrors(err);
      if (fieldError) setErrors(fieldError);
      else toast.error(messageOf(err));
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setErrors({});
    create.mutate();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <Field id="connection-name" label="Connection name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} description="How this connection appears when you pick it in a konnector." />
      <SchemaFields idPrefix="new-connection" fields={fields} values={values} onChange={(k, v) => setValues((all) => ({ ...all, [k]: v }))} errors={errors} />
      <p className="text-xs text-slate-500">Secrets are encrypted and never shown again, not even to you.</p>
      <div className="flex justify-between gap-2">
        <Button variant="ghost" onClick={onBack}>
          ← Other apps
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Saving…' : 'Save connection'}
        </Button>
      </div>
    </form>
  );
}
