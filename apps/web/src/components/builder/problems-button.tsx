'use client';

import { formatPath, type Problem } from '@konnect/schemas';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { placePopover } from './popover-place';
import { Icon } from './icons';

interface Props {
  problems: Problem[];
  /** A title per step id (and 'trigger'), to say where each problem is. */
  titleOf: (stepId: string) => string;
  checking: boolean;
  /** The first check has not answered yet. */
  unchecked: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** A problem was clicked: select its node. */
  onPick: (stepId: string) => void;
}

/** "3 problems" in the toolbar; opens the list, and a click on one selects its node. */
export function ProblemsButton({ problems, titleOf, checking, unchecked, open, onOpenChange, onPick }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onOpenChange(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open, onOpenChange]);

  // Fixed and placed in the window: near the right edge it moves left instead of being cut.
  const [place, setPlace] = useState<{ left: number; top: number; width: number } | null>(null);
  useLayoutEffect(() => {
    if (!open || !ref.current) return;
    const view = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
    setPlace(placePopover(ref.current.getBoundingClientRect(), view, 384, 0));
  }, [open]);

  const n = problems.length;
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => onOpenChange(!open)}
        className={`inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
          n ? 'bg-amber-50 text-amber-900 hover:bg-amber-100' : 'text-emerald-800 hover:bg-emerald-50'
        }`}
      >
        <Icon name={n || unchecked ? 'alert' : 'check'} size={14} />
        {n ? `${n} problem${n === 1 ? '' : 's'}` : unchecked ? 'Checking…' : 'No problems'}
        {checking ? <span className="sr-only"> (checking)</span> : null}
      </button>
      {open ? (
        <div
          role="region"
          aria-label="Problems"
          onKeyDown={(e) => {
            if (e.key === 'Escape') onOpenChange(false);
          }}
          style={{ left: place?.left ?? -9999, top: place?.top ?? -9999, width: place?.width ?? 384 }}
          className="fixed z-40 flex max-h-[60vh] flex-col overflow-y-auto rounded-xl border border-slate-200 bg-white p-2 shadow-xl"
        >
          {n === 0 ? (
            <p className="px-2 py-1.5 text-sm text-slate-600">Everything is filled in: the konnector can be tested and turned on.</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {problems.map((p, i) => {
                const where = p.stepId === '' ? 'Konnector' : titleOf(p.stepId);
                const field = formatPath(p.path);
                return (
                  <li key={`${p.stepId}-${p.code}-${i}`}>
                    <button
                      type="button"
                      disabled={p.stepId === ''}
                      onClick={() => {
                        onPick(p.stepId);
                        onOpenChange(false);
                      }}
                      className="w-full rounded-lg px-2.5 py-1.5 text-left text-sm hover:bg-amber-50 focus:bg-amber-50 focus:outline-none disabled:cursor-default"
                    >
                      <span className="font-medium text-slate-900">{where}</span>
                      {field ? <span className="text-slate-500"> · {field}</span> : null}
                      <span className="block text-slate-700">{p.message}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
