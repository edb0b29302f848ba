'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { Field } from '@/components/field';
import { ApiError, messageOf } from '@/lib/api-client';

interface Props {
  open: boolean;
  busy: boolean;
  onClose: () => void;
  /** Creates the konnector; throws ApiError on refusal. */
  onSave: (name: string, description: string) => Promise<void>;
}

/** The first save of a new konnector: its name (required) and a description. */
export function SaveDialog({ open, busy, onClose, onSave }: Props) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError({ field: 'name', message: 'Konnector name is required' });
      return;
    }
    setError(null);
    try {
      await onSave(name.trim(), description.trim());
    } catch (err) {
      setError({ field: err instanceof ApiError ? err.field : undefined, message: messageOf(err) });
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title="Save konnector" description="Name it so you can find it in your library. It is saved inactive: turn it on when it is ready.">
      <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4">
        <Field id="konnector-name" label="Konnector Name" required autoFocus maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={error?.field === 'name' ? error.message : undefined} placeholder="e.g. New Custify people to Slack" />
        <div className="flex flex-col gap-1">
          <label htmlFor="konnector-description" className="text-sm font-medium text-slate-800">
            Description
          </label>
          <textarea
            id="konnector-description"
            rows={3}
            maxLength={1000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          />
        </div>
        {error && error.field !== 'name' ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save and continue'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
