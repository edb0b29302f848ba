/**
 * The logic of a dynamic options dropdown, without React: pages merged into one list, the stored
 * value kept visible even when the app's list does not (or no longer) hold it, client-side
 * filtering for lists the app cannot search, a "use what I typed" row, keyboard movement. Pure.
 */
import type { OptionItem } from '@konnect/sdk';

export type { OptionItem };

/** One page as the options API answers it (`nextCursor` null on the last page). */
export interface OptionsPage {
  items: OptionItem[];
  nextCursor: string | null;
}

export type OptionRow =
  /** A choice from the app. */
  | { kind: 'item'; item: OptionItem }
  /** The field's saved value, which the loaded list does not hold: shown, never dropped. */
  | { kind: 'stored'; item: OptionItem }
  /** The text typed in the search box, as the value. */
  | { kind: 'custom'; value: string };

/** A `{{…}}` reference (or text with one): mapped data, not a choice from the list. */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/** Every page's items in order, each value once (the first wins: pages may overlap while the app's list changes). */
export function mergePages(pages: readonly OptionsPage[]): OptionItem[] {
  const seen = new Set<string>();
  const out: OptionItem[] = [];
  for (const page of pages) {
    for (const item of page.items) {
      if (seen.has(item.value)) continue;
      seen.add(item.value);
      out.push(item);
    }
  }
  return out;
}

const fold = (text: string) => text.toLocaleLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

/** Items whose label, hint or value contains every word of the query (case and accents ignored). */
export function filterOptions(items: readonly OptionItem[], query: string): OptionItem[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  return items.filter((item) => {
    const haystack = fold(`${item.label} ${item.hint ?? ''} ${item.value}`);
    return words.every((w) => haystack.includes(w));
  });
}

export interface RowsInput {
  /** Everything loaded so far (all pages). */
  items: readonly OptionItem[];
  /** The field's current value. */
  value: string;
  /** What is typed in the search box. */
  query: string;
  /** The app filtered `items` by the query already; otherwise they are filtered here. */
  searchable: boolean;
}

/**
 * The rows the listbox shows: the stored value first when the list does not hold it, then the
 * (filtered) items, then "use what I typed" when the text is not exactly one of them.
 */
export function optionRows({ items, value, query, searchable }: RowsInput): OptionRow[] {
  const shown = searchable ? [...items] : filterOptions(items, query);
  const rows: OptionRow[] = [];
  const stored = value.trim();
  if (stored !== '' && !isTemplate(stored) && !items.some((i) => i.value === stored)) {
    const item = { value: stored, label: stored, hint: 'Saved value (not in the loaded list)' };
    if (filterOptions([item], query).length > 0) rows.push({ kind: 'stored', item });
  }
  rows.push(...shown.map((item) => ({ kind: 'item' as const, item })));
  const typed = query.trim();
  if (typed !== '' && !items.some((i) => i.value === typed) && typed !== stored) rows.push({ kind: 'custom', value: typed });
  return rows;
}

/** What the closed combobox shows for a value: the item's label when loaded, else the value itself. */
export function displayText(items: readonly OptionItem[], value: string): string {
  return items.find((i) => i.value === value)?.label ?? value;
}

/** The value a row puts in the field. */
export function rowValue(row: OptionRow): string {
  return row.kind === 'custom' ? row.value : row.item.value;
}

/** The active row after a key press: arrows move and stop at the ends, Home/End jump; -1 when there are no rows. */
export function moveActive(active: number, key: 'ArrowDown' | 'ArrowUp' | 'Home' | 'End', count: number): number {
  if (count === 0) return -1;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  if (active < 0) return key === 'ArrowDown' ? 0 : count - 1;
  return key === 'ArrowDown' ? Math.min(active + 1, count - 1) : Math.max(active - 1, 0);
}

/** "company_ids" → "company ids": the list's name as the user reads it in messages. */
export function listNoun(name: string): string {
  return name.replace(/[_-]+/g, ' ').trim() || 'options';
}
