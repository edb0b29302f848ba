'use client';

import { Button } from '@/components/button';
import { ListSkeleton } from '@/components/skeleton';
import { useToast } from '@/components/toast';
import { messageOf } from '@/lib/api-client';
import type { KonnectorDto } from '@/lib/api-types';
import { useRestoreVersion } from '@/lib/builder-queries';
import { formatDateTime } from '@/lib/format-time';
import { useVersions } from '@/lib/konnector-queries';
import { Drawer } from './drawer';

interface Props {
  workspaceId: string;
  konnectorId: string;
  /** Unsaved edits would be replaced: ask first. */
  dirty: boolean;
  onRestored: (k: KonnectorDto, number: number) => void;
  onClose: () => void;
}

/** Published versions, newest first; "Restore" copies one into the draft (live only after Publish or activation). */
export function VersionsDrawer({ workspaceId, konnectorId, dirty, onRestored, onClose }: Props) {
  const versions = useVersions(workspaceId, konnectorId);
  const restore = useRestoreVersion(workspaceId, konnectorId);
  const toast = useToast();

  const onRestore = (id: string, number: number) => {
    if (dirty && !window.confirm(`Restoring version ${number} replaces your unsaved changes. Restore anyway?`)) return;
    restore.mutate(id, {
      onSuccess: (k) => onRestored(k, number),
      onError: (err) => toast.error(`Could not restore version ${number}: ${messageOf(err)}`),
    });
  };

  return (
    <Drawer title="Versions" onClose={onClose}>
      <p className="text-sm text-slate-600">Each time the konnector is turned on or published, its draft becomes a new version. Restoring copies a version into the draft; it goes live when you publish.</p>
      {versions.isPending ? (
        <ListSkeleton label="Loading versions" rows={2} />
      ) : versions.isError ? (
        <p role="alert" className="text-sm text-red-800">
          Could not load versions: {messageOf(versions.error)}
        </p>
      ) : versions.data.length === 0 ? (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">Not published yet: turning the konnector on publishes the draft as version 1.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          {versions.data.map((v) => (
            <li key={v.id} className="flex items-center gap-3 px-3 py-2.5">
              <div className="flex min-w-0 flex-1 flex-col">
                <span className="flex items-center gap-2 font-medium">
                  Version {v.number}
                  {v.current ? <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-800">live</span> : null}
                </span>
                <time className="text-xs text-slate-500" dateTime={v.createdAt}>
                  Published {formatDateTime(v.createdAt)}
                </time>
              </div>
              <Button variant="secondary" className="!py-1" aria-label={`Restore version ${v.number}`} disabled={restore.isPending} onClick={() => onRestore(v.id, v.number)}>
                Restore
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Drawer>
  );
}
