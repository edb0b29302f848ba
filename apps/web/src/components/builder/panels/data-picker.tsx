'use client';

/**
 * The searchable list of fields a step can map, grouped by source (Trigger, then earlier steps),
 * with each field's type and sample value. Choosing one calls `onPick(ref)`.
 */
import type { AvailableField } from '@konnect/engine/fields';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useFields } from './fields-context';
import { bestMatch, searchGroups } from './picker-fields';
import { exampleText } from './sample-record';

interface DataPickerProps {
  /** The field being filled ("Email"): names the list. */
  target: string;
  accept?: (field: AvailableField) => boolean;
  onPick: (ref: string) => void;
  onClose: () => void;
}

export function DataPicker({ target, accept, onPick, onClose }: DataPickerProps) {
  const { groups, emptyHint } = useFields();
  const [query, setQuery] = useState('');
  const list = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => searchGroups(groups, query, accept), [groups, query, accept]);
  const anyAccepted = useMemo(() => searchGroups(groups, '', accept).length > 0, [groups, accept]);

  function move(from: Element | null, step: 1 | -1) {
    const options = Array.from(list.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? []);
    if (options.length === 0) return;
    const at = from ? options.indexOf(from as HTMLElement) : -1;
    const next = at === -1 ? (step === 1 ? 0 : options.length - 1) : Math.min(options.length - 1, Math.max(0, at + step));
    options[next]?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const current = document.activeElement?.getAttribute('role') === 'option' ? document.activeElement : null;
      move(current, e.key === 'ArrowDown' ? 1 : -1);
    }
  }

  return (
    <div role="dialog" aria-label={`Fields for ${target}`} onKeyDown={onKeyDown} className="absolute right-0 top-full z-30 mt-1 flex w-full min-w-72 flex-col rounded-lg border border-slate-200 bg-white shadow-lg">
      <input
        type="search"
        autoFocus
        aria-label="Search fields"
        placeholder="Search fields"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          const first = bestMatch(shown, query);
          if (e.key === 'Enter' && first) {
            e.preventDefault();
            onPick(first.ref);
          }
        }}
        className="m-2 rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      />
      <div ref={list} role="listbox" aria-label="Fields" className="max-h-72 overflow-y-auto pb-1">
        {shown.map((g) => (
          <div key={g.source} role="group" aria-label={g.label}>
            <div role="presentation" className="sticky top-0 bg-slate-50 px-3 py-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
              {g.label}
            </div>
            {g.fields.map((f) => (
              <div
                key={f.ref}
                role="option"
                aria-selected={false}
                aria-label={f.label}
                tabIndex={-1}
                title={`{{${f.ref}}}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => onPick(f.ref)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onPick(f.ref);
                  }
                }}
                className="flex cursor-pointer items-baseline gap-2 px-3 py-1.5 text-sm hover:bg-indigo-50 focus:bg-indigo-50 focus:outline-none"
              >
                <span className="min-w-0 flex-1 truncate font-medium text-slate-900">{f.label}</span>
                <span className="shrink-0 text-xs text-slate-400">{f.type}</span>
                <span className="max-w-[40%] shrink-0 truncate text-xs text-slate-500">{exampleText(f.example, 40)}</span>
              </div>
            ))}
          </div>
        ))}
      </div>
      {shown.length === 0 ? <p className="px-3 pb-3 text-sm text-slate-500">{!anyAccepted ? emptyHint : 'No field matches the search.'}</p> : null}
    </div>
  );
}
