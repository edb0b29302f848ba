'use client';

import { useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { Field } from '@/components/field';
import { useToast } from '@/components/toast';
import { ApiError, messageOf } from '@/lib/api-client';
import { useSaveStorageEntry, useStorageEntry } from '@/lib/storage-queries';

type Expiry = 'keep' | 'never' | 'seconds';

/** Adds a key (`entryId` null) or edits one: its value as JSON text, and its expiry. */
export function EntryDialog({ workspaceId, entryId, onClose }: { workspaceId: string; entryId: string | null; onClose: () => void }) {
  const entry = useStorageEntry(workspaceId, entryId);
  const creating = entryId === null;
  if (!creating && entry.isPending) {
    return (
      <Dialog open onClose={onClose} title="Loading key…" wide>
        <p className="text-sm text-slate-600">Loading…</p>
      </Dialog>
    );
  }
  if (!creating && entry.isError) {
    return (
      <Dialog open onClose={onClose} title="Storage key" wide>
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load this key: {messageOf(entry.error)}
        </p>
      </Dialog>
    );
  }
  const data = creating ? undefined : entry.data;
  return (
    <EntryForm
      key={data?.id ?? 'new'}
      workspaceId={workspaceId}
      entry={data ? { id: data.id, key: data.key, text: JSON.stringify(data.value, null, 2), expiresAt: data.expiresAt } : undefined}
      onClose={onClose}
    />
  );
}

function EntryForm({ workspaceId, entry, onClose }: { workspaceId: string; entry?: { id: string; key: string; text: string; expiresAt: string | null }; onClose: () => void }) {
  const [key, setKey] = useState(entry?.key ?? '');
  const [text, setText] = useState(entry?.text ?? '');
  const [expiry, setExpiry] = useState<Expiry>(entry ? 'keep' : 'never');
  const [seconds, setSeconds] = useState('3600');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveStorageEntry(workspaceId);
  const toast = useToast();

  function submit() {
    const found: Record<string, string> = {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      found.value = 'Not valid JSON. Text goes in double quotes ("like this"); numbers, true, false, null, [lists] and {objects} as they are.';
    }
    if (!entry && key.trim() === '') found.key = 'A key is required';
    const ttl = Number(seconds);
    if (expiry === 'seconds' && (!Number.isInteger(ttl) || ttl < 1)) found.ttlSeconds = 'A whole number of seconds, at least 1';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const ttlSeconds = expiry === 'seconds' ? ttl : expiry === 'never' ? null : undefined;
    save.mutate(
      { ...(entry ? { id: entry.id } : {}), key, value, ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) },
      {
        onSuccess: () => {
          toast.success(entry ? `Key "${entry.key}" saved` : `Key "${key}" added`);
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.field) setErrors({ [err.field]: err.message });
          else toast.error(messageOf(err));
        },
      },
    );
  }

  return (
    <Dialog open onClose={onClose} title={entry ? `Edit "${entry.key}"` : 'Add a key'} description="Konnectors read and write these keys with the Storage tool." wide>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {entry ? null : <Field id="storage-key" label="Key" required value={key} maxLength={512} onChange={(e) => setKey(e.target.value)} error={errors.key} />}
        <div className="flex flex-col gap-1">
          <label htmlFor="storage-value" className="text-sm font-medium text-slate-800">
            Value (JSON)
          </label>
          <textarea
            id="storage-value"
            value={text}
            rows={12}
            spellCheck={false}
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={errors.value ? 'storage-value-error' : undefined}
            onChange={(e) => setText(e.target.value)}
            className={`rounded-md border px-3 py-2 font-mono text-xs shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${errors.value ? 'border-red-400' : 'border-slate-300'}`}
            placeholder={'{ "count": 1 }'}
          />
          {errors.value ? (
            <p id="storage-value-error" role="alert" className="text-xs text-red-700">
              {errors.value}
            </p>
          ) : null}
        </div>
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium text-slate-800">Expiry</legend>
          {entry ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="expiry" checked={expiry === 'keep'} onChange={() => setExpiry('keep')} />
              Keep the current expiry ({entry.expiresAt ? new Date(entry.expiresAt).toLocaleString() : 'never'})
            </label>
          ) : null}
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="expiry" checked={expiry === 'never'} onChange={() => setExpiry('never')} />
            Never expires
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="expiry" checked={expiry === 'seconds'} onChange={() => setExpiry('seconds')} />
            Expires in
            <input
              aria-label="Seconds until the key expires"
              type="number"
              min={1}
              value={seconds}
              onChange={(e) => {
                setSeconds(e.target.value);
                setExpiry('seconds');
              }}
              className="w-28 rounded-md border border-slate-300 px-2 py-1 text-sm"
            />
            seconds
          </label>
          {errors.ttlSeconds ? (
            <p role="alert" className="text-xs text-red-700">
              {errors.ttlSeconds}
            </p>
          ) : null}
        </fieldset>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : entry ? 'Save' : 'Add key'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
