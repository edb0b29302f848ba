'use client';

import { useEffect, useState } from 'react';
import type { CatalogueEntry } from '@/lib/api-types';
import type { KonnectorFilters } from '@/lib/konnector-queries';

const control = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500';

/** Search (debounced) and status / app / tag filters for the konnector library. */
export function LibraryFilters({ value, onChange, apps, tags }: { value: KonnectorFilters; onChange: (next: KonnectorFilters) => void; apps: CatalogueEntry[]; tags: string[] }) {
  const [q, setQ] = useState(value.q ?? '');
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((value.q ?? '') !== q.trim()) onChange({ ...value, q: q.trim() || undefined });
    }, 250);
    return () => clearTimeout(timer);
  }, [q, value, onChange]);

  return (
    <div role="search" aria-label="Filter konnectors" className="flex flex-wrap items-end gap-3">
      <label className="flex min-w-64 flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
        Search
        <input type="search" className={control} placeholder="Name or description" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Status
        <select className={control} value={value.status ?? ''} onChange={(e) => onChange({ ...value, status: (e.target.value || undefined) as KonnectorFilters['status'] })}>
          <option value="">All</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        App
        <select className={control} value={value.app ?? ''} onChange={(e) => onChange({ ...value, app: e.target.value || undefined })}>
          <option value="">All apps</option>
          {apps.map((a) => (
            <option key={a.key} value={a.key}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Tag
        <select className={control} value={value.tag ?? ''} onChange={(e) => onChange({ ...value, tag: e.target.value || undefined })}>
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
