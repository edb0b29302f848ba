'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useWorkspace } from '@/components/shell/workspace-context';
import { ListSkeleton } from '@/components/skeleton';
import { api, messageOf } from '@/lib/api-client';
import type { KonnectorDto } from '@/lib/api-types';
import { EMPTY_DRAFT } from '@/lib/konnector-bodies';
import { konnectorKeys } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';
import { Builder } from './builder';
import { draftOf, sampleOf } from './draft-of';

function Frame({ children }: { children: React.ReactNode }) {
  return <div className="mx-auto flex max-w-2xl flex-col gap-4 pt-10">{children}</div>;
}

/** The builder of a saved konnector (loaded with the page when it could be, else here). */
function ExistingKonnector({ workspaceId, konnectorId, initial }: { workspaceId: string; konnectorId: string; initial: KonnectorDto | null }) {
  const query = useQuery({
    queryKey: konnectorKeys.one(workspaceId, konnectorId),
    queryFn: () => api<KonnectorDto>(wsPath(workspaceId, `/konnectors/${encodeURIComponent(konnectorId)}`)),
    ...(initial ? { initialData: initial, staleTime: 10_000 } : {}),
  });
  if (query.isPending) {
    return (
      <Frame>
        <ListSkeleton label="Loading the konnector" rows={4} />
      </Frame>
    );
  }
  if (query.isError) {
    return (
      <Frame>
        <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          Could not load this konnector: {messageOf(query.error)}
        </p>
        <Link href={`/app/${workspaceId}/konnectors`} className="text-sm text-indigo-700 underline">
          Back to konnectors
        </Link>
      </Frame>
    );
  }
  const k = query.data;
  const { draft, readable } = draftOf(k.draft);
  if (!readable) {
    return (
      <Frame>
        <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          The draft of “{k.name}” is not in a shape the builder can open. Import a fixed export, or restore a version through the API.
        </p>
      </Frame>
    );
  }
  return <Builder workspaceId={workspaceId} init={{ konnector: k, draft, sample: sampleOf(k) }} />;
}

/** The konnector builder page: an existing konnector by id, or a blank one (`konnectorId` null) saved on first Save. */
export function BuilderPage({ konnectorId, initial = null }: { konnectorId: string | null; initial?: KonnectorDto | null }) {
  const ws = useWorkspace();
  if (konnectorId === null) return <Builder workspaceId={ws.id} init={{ konnector: null, draft: EMPTY_DRAFT, sample: null }} />;
  return <ExistingKonnector key={konnectorId} workspaceId={ws.id} konnectorId={konnectorId} initial={initial} />;
}
