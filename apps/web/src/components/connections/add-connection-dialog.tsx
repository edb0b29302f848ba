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
import type { CatalogueEntry, ConnectionDto, ConnectionTestResult } from '@/lib/api-types';
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
  /** Saved already, but its test failed: the next save corrects it (PATCH) and tests again. */
  const [saved, setSaved] = useState<ConnectionDto | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  // Save, then test at once: a wrong key is said here, not later by a failing trigger.
  const create = useMutation({
    mutationFn: async () => {
      const body = { name, fields: formValues(fields, values) };
      const c = saved
        ? await api<ConnectionDto>(wsPath(workspaceId, `/connections/${saved.id}`), { method: 'PATCH', body })
        : await api<ConnectionDto>(wsPath(workspaceId, '/connections'), { method: 'POST', body: { connectorKey: app.key, ...body } });
      setSaved(c);
      const test = await api<ConnectionTestResult>(wsPath(workspaceId, `/connections/${c.id}/test`), { method: 'POST' });
      return { connection: test.connection, test };
    },
    onSuccess: async ({ connection, test }) => {
      await queryClient.invalidateQueries({ queryKey: keys.connections(workspaceId) });
      if (!test.ok) {
        setFailure(test.message);
        return;
      }
      toast.success(`Connection "${connection.name}" saved and tested: it works.`);
      onCreated?.(connection);
      onDone();
    },
    onError: async (err) => {
      await queryClient.invalidateQueries({ queryKey: keys.connections(workspaceId) });
      const fieldError = connectionFormErrors(err);
      if (fieldError) setErrors(fieldError);
      else toast.error(messageOf(err));
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setErrors({});
    setFailure(null);
    create.mutate();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <Field id="connection-name" label="Connection name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} description="How this connection appears when you pick it in a konnector." />
      <SchemaFields idPrefix="new-connection" fields={fields} values={values} onChange={(k, v) => setValues((all) => ({ ...all, [k]: v }))} errors={errors} />
      <p className="text-xs text-slate-500">Secrets are encrypted and never shown again, not even to you.</p>
      {failure ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
          <p>
            <span className="font-medium">The test failed:</span> {failure}
          </p>
          <p className="text-xs text-red-800">The connection is saved but does not work yet. Correct the details (re-enter secret fields) and save again, or keep it as it is.</p>
          {saved ? (
            <Button
              variant="secondary"
              className="self-start px-2 py-1 text-xs"
              onClick={() => {
                onCreated?.(saved);
                onDone();
              }}
            >
              Keep it anyway
            </Button>
          ) : null}
        </div>
      ) : null}
      <div className="flex justify-between gap-2">
        <Button variant="ghost" onClick={onBack}>
          ← Other apps
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Saving and testing…' : failure ? 'Save and test again' : 'Save and test'}
        </Button>
      </div>
    </form>
  );
}
