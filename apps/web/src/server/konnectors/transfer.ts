/**
 * Export and import of konnector files. An export holds name, description, tags and the draft,
 * with every connection id replaced by a `{ connectorKey, name }` placeholder (connections and
 * their secrets never leave the workspace). Import maps each placeholder to this workspace's
 * connection of the same app and name; where there is none the connection is left empty and the
 * konnector's problems say which steps need one.
 */
import { EXPORT_FORMAT, ConnectionPlaceholder, type ImportKonnectorBody } from '../../lib/konnector-bodies';
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';
import { connectionSlots, withConnections } from './definition';
import type { KonnectorDto } from './dto';
import { insertKonnector, parseDraft } from './konnectors';

export interface KonnectorExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  name: string;
  description: string;
  tags: string[];
  definition: unknown;
}

export interface UnresolvedConnection {
  stepId: string;
  connectorKey: string;
  name: string;
}

export interface ImportResult {
  konnector: KonnectorDto;
  /** Placeholders no connection of this workspace matched: those steps have no connection yet. */
  unresolved: UnresolvedConnection[];
}

export async function exportKonnector(ws: WorkspaceScope, id: string): Promise<KonnectorExport> {
  const row = await ws.tenant.konnector.findFirst({ where: { id }, select: { name: true, description: true, tags: true, draft: true } });
  if (!row) throw notFound('Konnector');
  const ids = connectionSlots(row.draft).flatMap((s) => (typeof s.value === 'string' ? [s.value] : []));
  const connections = ids.length ? await ws.tenant.connection.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, connectorKey: true } }) : [];
  const byId = new Map(connections.map((c) => [c.id, c]));
  const definition = withConnections(row.draft, (slot) => {
    const c = typeof slot.value === 'string' ? byId.get(slot.value) : undefined;
    return c ? { connectorKey: c.connectorKey, name: c.name } : undefined;
  });
  return { format: EXPORT_FORMAT, exportedAt: new Date().toISOString(), name: row.name, description: row.description, tags: row.tags, definition };
}

const normal = (s: string) => s.trim().toLowerCase();

export async function importKonnector(ws: WorkspaceScope, body: ImportKonnectorBody): Promise<ImportResult> {
  const connections = await ws.tenant.connection.findMany({ select: { id: true, name: true, connectorKey: true }, orderBy: { createdAt: 'asc' } });
  const unresolved: UnresolvedConnection[] = [];
  const definition = withConnections(body.definition, (slot) => {
    const placeholder = ConnectionPlaceholder.safeParse(slot.value);
    if (placeholder.success) {
      const { connectorKey, name } = placeholder.data;
      const sameApp = connections.filter((c) => c.connectorKey === connectorKey);
      const match = sameApp.find((c) => c.name === name) ?? sameApp.find((c) => normal(c.name) === normal(name));
      if (match) return match.id;
      unresolved.push({ stepId: slot.stepId, connectorKey, name });
      return undefined;
    }
    // A plain id (a hand-written file) is kept only if it is one of this workspace's connections.
    return typeof slot.value === 'string' && connections.some((c) => c.id === slot.value) ? slot.value : undefined;
  });
  const konnector = await insertKonnector(ws, {
    name: body.name,
    description: body.description ?? '',
    tags: body.tags ?? [],
    draft: parseDraft(definition, 'definition'),
  });
  return { konnector, unresolved };
}
