'use client';

import { ListSkeleton } from '@/components/skeleton';
import { messageOf } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format-time';
import { useVersions } from '@/lib/konnector-queries';

/** Published versions, newest first; the one the konnector runs on is marked. */
export function VersionsSection({ workspaceId, konnectorId }: { workspaceId: string; konnectorId: string }) {
  const versions = useVersions(workspaceId, konnectorId);
  return (
    <section aria-labelledby="versions-heading" className="flex flex-col gap-3">
      <h2 id="versions-heading" className="text-lg font-semibold">
        Versions
      </h2>
      {versions.isPending ? (
        <ListSkeleton label="Loading versions" rows={1} />
      ) : versions.isError ? (
        <p role="alert" className="text-sm text-red-800">Could not load versions: {messageOf(versions.error)}</p>
      ) : versions.data.length === 0 ? (
        <p className="text-sm text-slate-600">Not published yet: turning the konnector on publishes the draft as version 1.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          {versions.data.map((v) => (
            <li key={v.id} className="flex items-center gap-3 px-4 py-2">
              <span className="font-medium">Version {v.number}</span>
              {v.current ? <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-800">current</span> : null}
              <time className="ml-auto text-xs text-slate-500" dateTime={v.createdAt}>
                Published {formatDateTime(v.createdAt)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
