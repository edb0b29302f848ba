'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import type { WorkspaceDto } from '@/lib/api-types';
import { CreateWorkspaceDialog } from './create-workspace-dialog';

const NEW = '__new__';

/** Switches workspace and keeps the current section (connections stay connections). */
export function WorkspaceSwitcher({ workspaces, current }: { workspaces: WorkspaceDto[]; current: WorkspaceDto }) {
  const router = useRouter();
  const pathname = usePathname();
  const [creating, setCreating] = useState(false);
  const section = pathname.split('/')[3] ?? 'konnectors';

  return (
    <div className="flex flex-col gap-1 px-2">
      <label htmlFor="workspace-switcher" className="text-xs font-medium uppercase tracking-wide text-slate-500">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        value={current.id}
        onChange={(e) => {
          if (e.target.value === NEW) setCreating(true);
          else router.push(`/app/${e.target.value}/${section}`);
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
        <option value={NEW}>+ New workspace…</option>
      </select>
      <CreateWorkspaceDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
