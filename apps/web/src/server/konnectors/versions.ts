/** A konnector's published versions (immutable), newest first. */
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';

export interface VersionDto {
  id: string;
  number: number;
  createdAt: string;
  /** The version the konnector runs (or last ran) on. */
  current: boolean;
  definition: unknown;
}

export async function listVersions(ws: WorkspaceScope, konnectorId: string): Promise<VersionDto[]> {
  const konnector = await ws.tenant.konnector.findFirst({
    where: { id: konnectorId },
    select: { publishedVersionId: true, versions: { select: { id: true, number: true, createdAt: true, definition: true }, orderBy: { number: 'desc' } } },
  });
  if (!konnector) throw notFound('Konnector');
  return konnector.versions.map((v) => ({
    id: v.id,
    number: v.number,
    createdAt: v.createdAt.toISOString(),
    current: v.id === konnector.publishedVersionId,
    definition: v.definition,
  }));
}
