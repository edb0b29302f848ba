'use client';

/** Choose the app: tabs Apps / Tools / All, a search box, and the matching apps; or the chosen app with "Change". */
import { useId, useMemo, useState } from 'react';
import { Button } from '@/components/button';
import { AppIcon } from '@/components/connections/app-icon';
import type { CatalogueEntry } from '@/lib/api-types';
import { useCatalogue } from '@/lib/queries';
import { messageOf } from '@/lib/api-client';
import { APP_TABS, filterApps, type AppTab } from './catalogue-filter';

interface AppChooserProps {
  purpose: 'trigger' | 'action';
  onPick: (app: CatalogueEntry) => void;
  onCancel?: () => void;
}

export function AppChooser({ purpose, onPick, onCancel }: AppChooserProps) {
  const { data: catalogue, isLoading, error } = useCatalogue();
  const [tab, setTab] = useState<AppTab>('app');
  const [query, setQuery] = useState('');
  const baseId = useId();
  const apps = useMemo(() => filterApps(catalogue ?? [], purpose, tab, query), [catalogue, purpose, tab, query]);

  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <span className="text-sm font-medium text-slate-800">{purpose === 'trigger' ? 'Choose the app that starts the konnector' : 'Choose the app to act in'}</span>
        {onCancel ? (
          <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
      <div role="tablist" aria-label="App categories" className="flex gap-1 rounded-md bg-slate-100 p-1">
        {APP_TABS.map((t) => (
          <button
            key={t.key}
            id={`${baseId}-${t.key}`}
            type="button"
            role="tab"
            aria-selected={tab === t.key}
            aria-controls={`${baseId}-panel`}
            onClick={() => setTab(t.key)}
            className={`flex-1 rounded px-2 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${tab === t.key ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <input
        type="search"
        aria-label="Search apps"
        placeholder="Search apps"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className="rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      />
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-${tab}`}>
        {isLoading ? <p className="text-sm text-slate-500">Loading apps…</p> : null}
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            Could not load the apps: {messageOf(error)}
          </p>
        ) : null}
        {!isLoading && !error && apps.length === 0 ? <p className="text-sm text-slate-500">No app matches.</p> : null}
        <ul className="grid grid-cols-2 gap-2">
          {apps.map((a) => (
            <li key={a.key}>
              <button
                type="button"
                title={a.description}
                onClick={() => onPick(a)}
                className="flex w-full items-center gap-2 rounded-lg border border-slate-200 p-2 text-left text-sm font-medium text-slate-900 hover:border-indigo-400 hover:bg-indigo-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
              >
                <AppIcon entry={a} size={24} />
                <span className="min-w-0 truncate">{a.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The chosen app, with a "Change" button. */
export function ChosenApp({ app, onChange }: { app: CatalogueEntry; onChange: () => void }) {
  return (
    <div className="flex items-center gap-3 rounded-lg border border-slate-200 p-2">
      <AppIcon entry={app} size={28} />
      <span className="min-w-0 flex-1">
        <span className="block text-xs text-slate-500">App</span>
        <span className="block truncate text-sm font-medium text-slate-900">{app.name}</span>
      </span>
      <Button variant="secondary" className="px-2 py-1 text-xs" aria-label={`Change app (${app.name})`} onClick={onChange}>
        Change
      </Button>
    </div>
  );
}
