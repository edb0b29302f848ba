'use client';

/** "New ▾" at the top of the navigation: Konnector or Connection (the guide's "New → Konnector"). */
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';

export function NewMenu({ workspaceId }: { workspaceId: string }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  const item = 'block rounded-md px-3 py-2 text-sm text-slate-800 hover:bg-indigo-50 focus:bg-indigo-50 focus:outline-none';
  return (
    <div ref={box} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="flex w-full items-center justify-between rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
      >
        New <span aria-hidden>▾</span>
      </button>
      {open ? (
        <div role="menu" aria-label="New" className="absolute left-0 right-0 z-30 mt-1 flex flex-col rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <Link role="menuitem" href={`/app/${workspaceId}/konnectors/new`} className={item} onClick={() => setOpen(false)}>
            Konnector
          </Link>
          <Link role="menuitem" href={`/app/${workspaceId}/connections`} className={item} onClick={() => setOpen(false)}>
            Connection
          </Link>
        </div>
      ) : null}
    </div>
  );
}
