'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { Field } from '@/components/field';
import { flatFields, formValues } from '@/components/schema-descriptors';
import { SchemaFields } from '@/components/schema-fields';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { CatalogueEntry, ConnectionDto } from '@/lib/api-types';
import { connectionFormErrors } from './form-errors';
import { keys, wsPath } from '@/lib/queries';

interface Props {
  workspaceId: string;
  connection: ConnectionDto;
  app: CatalogueEntry | undefined;
  onClose: () => void;
}

/** Rename, and optionally replace the credentials (secret fields left empty keep their stored value). */
export function EditConnectionDialog({ workspaceId, connection, app, onClose }: Props) {
  const fields = useMemo(() => (app ? flatFields(app.auth.fields) : []), [app]);
  const [name, setName] = useState(connection.name);
  const [replacing, setReplacing] = useState(false);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(connection.settings).map(([k, v]) => [k, String(v)])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const queryClient = useQueryClient();
  const toast = useToast();

  const save = useMutation({
    mutationFn: () =>
      api<ConnectionDto>(wsPath(workspaceId, `/connections/${connection.id}`), {
        method: 'PATCH',
        body: { ...(name !== connection.name ? { name } : {}), ...(replacing ? { fields: formValues(fields, values) } : {}) },
      }),
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: keys.connections(workspaceId) });
      toast.success(replacing ? `Credentials of "${c.name}" replaced. Test the connection again.` : `Connection renamed to "${c.name}"`);
      onClose();
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
    if (name === connection.name && !replacing) return onClose();
    save.mutate();
  }

  return (
    <Dialog open onClose={onClose} wide title={`Edit "${connection.name}"`}>
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <Field id="edit-connection-name" label="Connection name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        {app && fields.length ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={replacing} onChange={(e) => setReplacing(e.target.checked)} />
            Replace the credentials
          </label>
        ) : null}
        {replacing ? (
          <>
            <SchemaFields idPrefix="edit-connection" fields={fields} values={values} onChange={(k, v) => setValues((all) => ({ ...all, [k]: v }))} errors={errors} keepSecretHint={connection.secretHint} />
            <p className="text-xs text-slate-500" data-testid="connection-destination-note">
              Secret fields left empty keep their stored value while the connection keeps its address. Changing where it sends them (the scheme, host or port of a URL, an SMTP server) needs them typed again.
            </p>
          </>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
