'use client';

import type { RunFilters } from '@/lib/konnector-queries';

const STATUSES = ['succeeded', 'failed', 'partial', 'filtered', 'running', 'queued', 'waiting', 'cancelled'] as const;

/** Status and date range for the event log. */
export function RunFiltersBar({ value, onChange }: { value: RunFilters; onChange: (next: RunFilters) => void }) {
  const set = (patch: Partial<RunFilters>) => onChange({ ...value, ...patch });
  const control = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500';
  return (
    <div role="group" aria-label="Filter runs" className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Status
        <select className={control} value={value.status ?? ''} onChange={(e) => set({ status: e.target.value || undefined })}>
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0).toUpperCase() + s.slice(1)}
            </option>
          ))}
          <option value="failed,partial">Failed or partial</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        From
        <input type="date" className={control} value={value.from ?? ''} max={value.to} onChange={(e) => set({ from: e.target.value || undefined })} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        To
        <input type="date" className={control} value={value.to ?? ''} min={value.from} onChange={(e) => set({ to: e.target.value || undefined })} />
      </label>
      {value.status || value.from || value.to ? (
        <button type="button" className="pb-1.5 text-sm text-indigo-700 underline-offset-2 hover:underline" onClick={() => onChange({})}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
