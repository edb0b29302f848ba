'use client';

/** The popup of a dynamic options combobox: the rows (label and hint), loading and empty states, "Load more". */
import { Button } from '@/components/button';
import type { OptionRow } from './options-model';
import { rowValue } from './options-model';

interface OptionsListboxProps {
  id: string;
  /** The field's label: the listbox is named "<label> choices". */
  label: string;
  noun: string;
  rows: OptionRow[];
  value: string;
  active: number;
  optionId: (index: number) => string;
  onPick: (row: OptionRow) => void;
  onHover: (index: number) => void;
  loading: boolean;
  /** A load failed (its message is shown in the field itself). */
  failed: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

function RowText({ row }: { row: OptionRow }) {
  if (row.kind === 'custom') {
    return (
      <span className="block truncate">
        Use “<span className="font-medium">{row.value}</span>”
      </span>
    );
  }
  return (
    <>
      <span className={`block truncate ${row.kind === 'stored' ? 'font-mono text-xs' : ''}`}>{row.item.label}</span>
      {row.item.hint ? <span className="block truncate text-xs text-slate-500">{row.item.hint}</span> : null}
    </>
  );
}

export function OptionsListbox(props: OptionsListboxProps) {
  const { id, label, noun, rows, value, active, optionId, onPick, onHover, loading, failed, hasMore, loadingMore, onLoadMore } = props;
  const items = rows.filter((r) => r.kind !== 'custom').length;
  const status = loading ? `Loading ${noun}…` : failed ? '' : items === 0 ? `No ${noun} to show` : '';
  return (
    <div className="absolute left-0 right-0 top-full z-20 mt-1 flex max-h-72 flex-col overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg">
      <ul id={id} role="listbox" aria-label={`${label} choices`} aria-busy={loading || undefined} className="min-h-0 flex-1 overflow-y-auto py-1">
        {rows.map((row, i) => (
          <li
            key={`${row.kind}:${rowValue(row)}`}
            id={optionId(i)}
            role="option"
            aria-selected={row.kind !== 'custom' && rowValue(row) === value}
            // Keep the focus in the input: a click must not close the popup before it lands.
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => onHover(i)}
            onClick={() => onPick(row)}
            className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? 'bg-indigo-50 text-indigo-900' : 'text-slate-800'} ${rowValue(row) === value && row.kind !== 'custom' ? 'font-semibold' : ''}`}
          >
            <RowText row={row} />
          </li>
        ))}
      </ul>
      {status || hasMore ? (
        <div className="flex items-center justify-between gap-2 border-t border-slate-100 px-3 py-1.5">
          <span role="status" className="text-xs text-slate-500">
            {status}
          </span>
          {hasMore ? (
            // aria-disabled, not disabled: a focused button that becomes disabled drops the focus and closes the popup.
            <Button variant="ghost" className="px-2 py-0.5 text-xs text-indigo-700" aria-disabled={loadingMore || undefined} onClick={() => (loadingMore ? undefined : onLoadMore())}>
              {loadingMore ? 'Loading…' : 'Load more'}
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
