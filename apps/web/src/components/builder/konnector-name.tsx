'use client';

import { useState } from 'react';
import { Icon } from './icons';

/** The konnector's name as the page heading; once saved, click it to rename (Enter saves, Escape cancels). */
export function KonnectorName({ name, editable, onRename }: { name: string; editable: boolean; onRename: (name: string) => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const commit = async (value: string) => {
    const next = value.trim();
    if (!next || next === name) {
      setEditing(false);
      setError(null);
      return;
    }
    try {
      await onRename(next);
      setEditing(false);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not rename');
    }
  };

  if (editing) {
    return (
      <div className="flex min-w-0 flex-col">
        <input
          aria-label="Konnector name"
          defaultValue={name}
          autoFocus
          maxLength={100}
          aria-invalid={error ? true : undefined}
          onBlur={(e) => void commit(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void commit(e.currentTarget.value);
            if (e.key === 'Escape') {
              setEditing(false);
              setError(null);
            }
          }}
          className="w-72 rounded-md border border-slate-300 px-2 py-1 text-base font-semibold focus:outline-none focus:ring-2 focus:ring-indigo-500"
        />
        {error ? (
          <p role="alert" className="text-xs text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="flex min-w-0 items-center gap-1">
      <h1 className="truncate text-base font-semibold text-slate-900">{name}</h1>
      {editable ? (
        <button type="button" aria-label="Rename konnector" onClick={() => setEditing(true)} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
          <Icon name="pencil" size={14} />
        </button>
      ) : null}
    </div>
  );
}
