import type { Metadata } from 'next';
import { BuilderPage } from '@/components/builder/builder-page';
import type { KonnectorDto } from '@/lib/api-types';
import { getKonnector } from '@/server/konnectors/konnectors';
import { pageWorkspace } from '@/server/page-workspace';
import { db } from '@/server/services';
import { resolveWorkspace } from '@/server/workspace-scope';

export const metadata: Metadata = { title: 'Konnector · Konnect' };

/** The konnector, loaded with the page so the canvas draws without a second round trip (null: the client loads it and shows why not). */
async function initialKonnector(workspaceId: string, konnectorId: string): Promise<KonnectorDto | null> {
  const { user } = await pageWorkspace(workspaceId);
  try {
    return await getKonnector(await resolveWorkspace(db(), { via: 'session', user }, workspaceId, 'member'), konnectorId);
  } catch {
    return null;
  }
}

export default async function KonnectorPage({ params }: { params: Promise<{ workspaceId: string; konnectorId: string }> }) {
  const { workspaceId, konnectorId } = await params;
  return <BuilderPage konnectorId={konnectorId} initial={await initialKonnector(workspaceId, konnectorId)} />;
}
