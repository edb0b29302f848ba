/** The app chooser's list: catalogue entries for a tab (Apps / Tools / All) and a search. Pure. */
import type { CatalogueEntry } from '@/lib/api-types';

export type AppTab = 'app' | 'tool' | 'all';

export const APP_TABS: { key: AppTab; label: string }[] = [
  { key: 'app', label: 'Apps' },
  { key: 'tool', label: 'Tools' },
  { key: 'all', label: 'All' },
];

/** Entries that have something for `purpose`, in `tab`, matching every word of `query` (name, key, description). */
export function filterApps(catalogue: readonly CatalogueEntry[], purpose: 'trigger' | 'action', tab: AppTab, query: string): CatalogueEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return catalogue
    .filter((c) => (purpose === 'trigger' ? c.triggers.length > 0 : c.actions.length > 0))
    .filter((c) => tab === 'all' || c.category === tab)
    .filter((c) => {
      const hay = `${c.name} ${c.key} ${c.description}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Actions of an app by their group ("People", "Companies"…), in catalogue order; ungrouped last. */
export function actionGroups(entry: CatalogueEntry): { group: string; actions: CatalogueEntry['actions'] }[] {
  const groups = new Map<string, CatalogueEntry['actions']>();
  for (const a of entry.actions) {
    const key = a.group ?? '';
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups.entries()].sort(([a], [b]) => Number(a === '') - Number(b === '')).map(([group, actions]) => ({ group, actions }));
}
