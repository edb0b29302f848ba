'use client';

/**
 * A field's dropdown filled from its app (`meta.dynamicOptions`): a combobox (ARIA 1.2 pattern:
 * the input owns a listbox) that loads the step's connection's list when first opened, searches
 * it (on the app for searchable lists, debounced; among the loaded items otherwise), pages with
 * "Load more", refreshes, shows label and hint, keeps a saved value the list does not hold, and
 * takes what is typed as a custom value. Failures show in the field with Retry.
 */
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { Button } from '@/components/button';
import { messageOf } from '@/lib/api-client';
import { useOptionsList } from '@/lib/options-queries';
import { OptionsListbox } from './options-listbox';
import { displayText, listNoun, mergePages, moveActive, optionRows, rowValue, type OptionRow } from './options-model';
import { isSearchable, type OptionsSource } from './options-source';

export interface OptionsComboboxProps {
  /** The input's id (the field's label points at it). */
  id: string;
  /** The field's label: names the listbox and the buttons. */
  label: string;
  /** The options list (`dynamicOptions`). */
  name: string;
  source: OptionsSource;
  value: string;
  onChange: (next: string) => void;
  describedBy?: string | undefined;
  invalid?: boolean;
  placeholder?: string | undefined;
}

const SEARCH_DEBOUNCE_MS = 300;

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function OptionsCombobox({ id, label, name, source, value, onChange, describedBy, invalid, placeholder }: OptionsComboboxProps) {
  const listId = useId();
  const errorId = useId();
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const searchable = isSearchable(source.app, name);
  const debounced = useDebounced(query.trim(), SEARCH_DEBOUNCE_MS);
  const noun = listNoun(name);
  const connected = Boolean(source.connectionId);
  const list = useOptionsList({ workspaceId: source.workspaceId, connectionId: source.connectionId, name, search: searchable ? debounced : '', enabled: opened });
  const items = useMemo(() => mergePages(list.data?.pages ?? []), [list.data]);
  const rows = useMemo(() => optionRows({ items, value, query, searchable }), [items, value, query, searchable]);
  const optionId = (i: number) => `${listId}-option-${i}`;

  function show() {
    if (!connected) return;
    setOpened(true);
    setOpen(true);
  }
  function close() {
    setOpen(false);
    setQuery('');
    setActive(-1);
  }
  function pick(row: OptionRow) {
    onChange(rowValue(row));
    close();
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || ((e.key === 'Home' || e.key === 'End') && open)) {
      e.preventDefault();
      if (!open) show();
      setActive((a) => moveActive(a, e.key as 'ArrowDown' | 'ArrowUp' | 'Home' | 'End', rows.length));
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      const row = rows[active];
      if (row) pick(row);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close();
    } else if (e.key === 'Tab') {
      close();
    }
  }

  const error = list.error ? `Couldn't load ${noun}: ${messageOf(list.error)}` : undefined;
  const hint = connected ? undefined : `Choose a connection first to load ${noun} from ${source.app.name}.`;
  const described = [describedBy, error || hint ? errorId : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div
      className="relative flex min-w-0 flex-col gap-1"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) close();
      }}
    >
      <div className="flex items-center gap-1">
        <input
          id={id}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 && active < rows.length ? optionId(active) : undefined}
          aria-describedby={described}
          aria-invalid={invalid || undefined}
          autoComplete="off"
          spellCheck={false}
          disabled={!connected}
          value={open ? query : displayText(items, value)}
          placeholder={open ? (searchable ? `Search ${noun}…` : `Filter ${noun}…`) : (placeholder ?? `Choose from ${source.app.name}…`)}
          onFocus={show}
          onClick={show}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(-1);
            if (!open) show();
          }}
          onKeyDown={onKeyDown}
          className={`min-w-0 flex-1 rounded-md border bg-white px-3 py-2 text-sm disabled:bg-slate-50 disabled:text-slate-500 ${invalid ? 'border-red-400' : 'border-slate-300'}`}
        />
        <Button
          variant="ghost"
          className="px-2"
          aria-label={`Refresh ${label} choices`}
          title={`Load ${noun} again from ${source.app.name}`}
          disabled={!connected}
          aria-disabled={list.isFetching || undefined}
          onClick={() => {
            if (list.isFetching) return;
            setOpened(true);
            void list.refresh();
          }}
        >
          <span aria-hidden="true">↻</span>
        </Button>
      </div>
      {open ? (
        <OptionsListbox
          id={listId}
          label={label}
          noun={noun}
          rows={rows}
          value={value}
          active={active}
          optionId={optionId}
          onPick={pick}
          onHover={setActive}
          loading={list.isPending && list.fetchStatus === 'fetching'}
          failed={Boolean(list.error)}
          hasMore={list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
        />
      ) : null}
      {error || hint ? (
        <p id={errorId} className={`flex items-center gap-2 text-xs ${error ? 'text-red-700' : 'text-slate-500'}`}>
          <span role={error ? 'alert' : undefined}>{error ?? hint}</span>
          {error ? (
            <Button variant="ghost" className="px-1 py-0 text-xs text-indigo-700" onClick={() => void list.refetch()}>
              Retry
            </Button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
