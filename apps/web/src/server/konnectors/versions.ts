/** A konnector's published versions (immutable), newest first, and restoring one into the draft. */
import { audit } from '../audit/audit';
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';
import { konnectorDto, konnectorSelect, type KonnectorDto } from './dto';
import { parseDraft } from './konnectors';
import { draftProblems } from './problems';

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

/**
 * Puts a version's definition back in the draft (the running version does not change until the
 * draft is published or the konnector turned on). Another konnector's version is not found.
 */
export async function restoreVersion(ws: WorkspaceScope, konnectorId: string, versionId: string): Promise<KonnectorDto> {
  const konnector = await ws.tenant.konnector.findFirst({
    where: { id: konnectorId },
    select: { versions: { where: { id: versionId }, select: { number: true, definition: true } } },
  });
  if (!konnector) throw notFound('Konnector');
  const version = konnector.versions[0];
  if (!version) throw notFound('Version');
  const draft = parseDraft(version.definition);
  const row = await ws.tenant.$transaction(async (tx) => {
    const updated = await tx.konnector.update({ where: { id: konnectorId }, data: { draft: draft as object }, select: konnectorSelect });
    await audit(ws, { action: 'konnector.restored', targetType: 'konnector', targetId: konnectorId, targetLabel: updated.name, details: { version: version.number } }, tx);
    return updated;
  });
  return konnectorDto(row, await draftProblems(ws.tenant, row.draft));
}
