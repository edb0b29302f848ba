'use client';

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { JsonView } from '@/components/runs/json-view';
import type { StepView, TestRunDto } from '@/lib/api-types';
import { Icon } from './icons';
import { canvasBounds, placePopover } from './popover-place';

const WIDTH = 440;

function StepRecord({ view, many }: { view: StepView; many: boolean }) {
  return (
    <div className="flex flex-col gap-2">
      {many ? <p className="text-xs font-semibold text-slate-600">Iteration {view.iteration || '—'}</p> : null}
      <p className={`text-sm ${view.status === 'failed' ? 'text-red-800' : 'text-slate-700'}`}>
        <span className="font-medium capitalize">{view.status}</span>
        <span className="text-slate-500"> · {view.durationMs < 1 ? 'under 1 ms' : `${Math.round(view.durationMs)} ms`}</span>
        {view.error ? <span className="block">{view.error.message}</span> : null}
      </p>
      <JsonView label="Input" value={view.input} />
      <JsonView label="Output" value={view.output} />
      {view.logs.length ? <JsonView label="Logs" value={view.logs} /> : null}
    </div>
  );
}

/** The last test run's data of one node, next to it: the trigger's sample event, or a step's input and output. */
export function TestData({ testRun, stepId, title, anchor, onClose }: { testRun: TestRunDto; stepId: string; title: string; anchor: HTMLElement; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number; width: number } | null>(null);
  const views = testRun.steps.filter((s) => s.stepId === stepId);

  useLayoutEffect(() => {
    // On the canvas: never over the side panel (or past the window's edge).
    setPlace(placePopover(anchor.getBoundingClientRect(), canvasBounds(anchor), WIDTH, Math.min(480, window.innerHeight * 0.8)));
  }, [anchor]);

  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    ref.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node) && !anchor.contains(e.target as Node)) closeRef.current();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [anchor]);

  return (
    <div
      ref={ref}
      role="dialog"
      aria-label={`Test data of ${title}`}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
          if (anchor.isConnected) anchor.focus();
        }
      }}
      style={{ left: place?.left ?? -9999, top: place?.top ?? -9999, width: place?.width ?? WIDTH }}
      className="fixed z-50 flex max-h-[min(480px,80vh)] flex-col rounded-xl border border-slate-200 bg-white shadow-2xl focus:outline-none"
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2.5">
        <h2 className="truncate text-sm font-semibold text-slate-900">Test data · {title}</h2>
        <button type="button" aria-label="Close test data" onClick={onClose} className="rounded-md p-1 text-slate-500 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
          <Icon name="close" size={14} />
        </button>
      </header>
      <div className="flex flex-col gap-4 overflow-y-auto p-4">
        {stepId === 'trigger' ? (
          <JsonView label="Trigger event" value={testRun.sample} />
        ) : views.length === 0 ? (
          <p className="text-sm text-slate-600">This step did not run in the last test.</p>
        ) : (
          views.map((v) => <StepRecord key={`${v.stepId}-${v.iteration}`} view={v} many={views.length > 1} />)
        )}
      </div>
    </div>
  );
}
