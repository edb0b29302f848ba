'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/button';
import { DetailActions } from '@/components/konnectors/detail-actions';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import type { KonnectorDto } from '@/lib/api-types';
import { Icon } from './icons';
import { publishState } from './publish-state';
import { KonnectorName } from './konnector-name';

interface ToolbarProps {
  workspaceId: string;
  konnector: KonnectorDto | null;
  dirty: boolean;
  /** Saved only as an untitled draft (a Catch Hook's URL): Save asks for its name. */
  unnamed?: boolean;
  saving: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onRename: (name: string) => Promise<void>;
  problems: ReactNode;
  testing: boolean;
  onTest: () => void;
  onSave: () => void;
  publishing: boolean;
  onPublish: () => void;
  onVersions: () => void;
  onRuns: () => void;
  onAlerts: () => void;
  activeSwitch: ReactNode;
}

const iconButton =
  'inline-flex items-center justify-center rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-transparent';

function SaveState({ konnector, dirty, saving, unnamed = false }: { konnector: KonnectorDto | null; dirty: boolean; saving: boolean; unnamed?: boolean }) {
  const text = saving ? 'Saving…' : !konnector ? 'Not saved yet' : dirty ? 'Unsaved changes' : unnamed ? 'Saved as a draft: Save to name it' : 'All changes saved';
  const tone = saving || (!dirty && konnector) ? 'bg-slate-300' : 'bg-amber-400';
  return (
    <span role="status" className="inline-flex shrink-0 items-center gap-1.5">
      <span aria-hidden="true" className={`h-1.5 w-1.5 rounded-full ${tone}`} />
      {text}
    </span>
  );
}

/** Export, duplicate and delete, behind a "More" button. */
function MoreActions({ workspaceId, konnector }: { workspaceId: string; konnector: KonnectorDto }) {
  const ws = useWorkspace();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node) && !(e.target instanceof Element && e.target.closest('dialog'))) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <button type="button" aria-label="More actions" aria-expanded={open} onClick={() => setOpen(!open)} className={iconButton}>
        <Icon name="more" />
      </button>
      {open ? (
        <div className="absolute right-0 top-full z-40 mt-2 rounded-xl border border-slate-200 bg-white p-2 shadow-xl">
          <DetailActions workspaceId={workspaceId} konnector={konnector} canDelete={canManage(ws)} />
        </div>
      ) : null}
    </div>
  );
}

/** The builder's top bar: name and state, undo/redo, problems, test, save, publish, versions, runs, the Active switch. */
export function Toolbar(p: ToolbarProps) {
  const k = p.konnector;
  // On an active konnector: "Save draft" and "Save & publish", with what is live said (friction 13).
  const state = publishState(k, p.dirty);
  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-4 [&_button]:whitespace-nowrap">
      <div className="flex min-w-0 flex-1 flex-col justify-center">
        <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-2 text-sm">
          <Link href={`/app/${p.workspaceId}/konnectors`} className="shrink-0 text-slate-500 underline-offset-2 hover:text-slate-900 hover:underline">
            Konnectors
          </Link>
          <span aria-hidden="true" className="text-slate-300">
            /
          </span>
          <KonnectorName name={k?.name ?? 'New konnector'} editable={k !== null} onRename={p.onRename} />
        </nav>
        <p className="flex min-w-0 items-center gap-2 truncate text-xs text-slate-500">
          <SaveState konnector={k} dirty={p.dirty} saving={p.saving} unnamed={p.unnamed} />
          {state.live ? <span className="truncate">· {state.live}</span> : null}
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-1">
        <button type="button" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!p.canUndo} onClick={p.onUndo} className={iconButton}>
          <Icon name="undo" />
        </button>
        <button type="button" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!p.canRedo} onClick={p.onRedo} className={iconButton}>
          <Icon name="redo" />
        </button>
        <span aria-hidden="true" className="mx-1 h-6 w-px bg-slate-200" />
        {p.problems}
        {k ? (
          <>
            <Button variant="ghost" aria-label="Versions" title="Versions" onClick={p.onVersions}>
              <Icon name="history" size={14} /> <span className="hidden xl:inline">Versions</span>
            </Button>
            <Button variant="ghost" aria-label="Runs" title="Runs (event log)" onClick={p.onRuns}>
              <Icon name="list" size={14} /> <span className="hidden xl:inline">Runs</span>
            </Button>
            <Button variant="ghost" aria-label="Alerts" title="Alerts for this konnector" onClick={p.onAlerts}>
              <span aria-hidden="true">🔔</span> <span className="hidden xl:inline">Alerts</span>
            </Button>
          </>
        ) : null}
        <Button variant="secondary" onClick={p.onTest} disabled={p.testing}>
          <Icon name="play" size={14} /> {p.testing ? 'Testing…' : 'Test run'}
        </Button>
        <Button variant={state.publish ? 'secondary' : 'primary'} onClick={p.onSave} disabled={p.saving || (k !== null && !p.dirty && !p.unnamed)} title={state.publish ? 'Stores your changes; the live version keeps running until you publish' : undefined}>
          {p.saving ? 'Saving…' : state.save}
        </Button>
        {state.publish ? (
          <Button onClick={p.onPublish} disabled={p.publishing || p.saving} title="Saves your changes and makes them the live version">
            {p.publishing ? 'Publishing…' : state.publish}
          </Button>
        ) : null}
        {k ? <MoreActions workspaceId={p.workspaceId} konnector={k} /> : null}
        <span aria-hidden="true" className="mx-1 h-6 w-px bg-slate-200" />
        {p.activeSwitch}
      </div>
    </header>
  );
}
