/**
 * Export and import of konnector files. An export holds name, description, tags and the draft,
 * with every connection id replaced by a `{ connectorKey, name }` placeholder (connections and
 * their secrets never leave the workspace). Import maps each placeholder to this workspace's
 * connection of the same app and name; where there is none the connection is left empty and the
 * konnector's problems say which steps need one. Action inputs marked secret (the HTTP Request's
 * token and password) are emptied in an export: a shared file must not carry them.
 */
import { registry } from '@konnect/connectors';
import { secretFieldNames } from '@konnect/sdk';
import { EXPORT_FORMAT, ConnectionPlaceholder, type ImportKonnectorBody } from '../../lib/konnector-bodies';
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';
import { connectionSlots, withConnections } from './definition';
import type { KonnectorDto } from './dto';
import { insertKonnector, parseDraft } from './konnectors';
import { calledKonnectorNames, resolveCalls, type UnresolvedCall } from './transfer-calls';

export interface KonnectorExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  name: string;
  description: string;
  tags: string[];
  definition: unknown;
  /** Sub-konnectors: the name of each konnector a "Run konnector" step runs, by id (an import matches them by name). */
  calledKonnectors: Record<string, string>;
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
  /** "Run konnector" steps whose konnector this workspace has no konnector for (by id or name): they need one chosen. */
  unresolvedCalls: UnresolvedCall[];
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of the steps with every secret-marked action input replaced by '' (walks branches and loops). */
function withoutSecretInputs(steps: unknown): unknown {
  if (!Array.isArray(steps)) return steps;
  return steps.map((step: unknown) => {
    if (!isRecord(step)) return step;
    const out: Json = { ...step };
    if (Array.isArray(out.steps)) out.steps = withoutSecretInputs(out.steps);
    if (Array.isArray(out.otherwise)) out.otherwise = withoutSecretInputs(out.otherwise);
    if (Array.isArray(out.errorSteps)) out.errorSteps = withoutSecretInputs(out.errorSteps);
    if (Array.isArray(out.branches)) out.branches = out.branches.map((b: unknown) => (isRecord(b) ? { ...b, steps: withoutSecretInputs(b.steps) } : b));
    if (out.type === 'action' && typeof out.connector === 'string' && typeof out.action === 'string' && isRecord(out.input)) {
      const action = registry.action(out.connector, out.action);
      const names = action ? secretFieldNames(action.input) : [];
      if (names.length > 0) out.input = { ...out.input, ...Object.fromEntries(names.filter((n) => n in (out.input as Json)).map((n) => [n, ''])) };
    }
    return out;
  });
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
  const clean = isRecord(definition) ? { ...definition, steps: withoutSecretInputs(definition.steps) } : definition;
  const calledKonnectors = await calledKonnectorNames(ws.tenant, row.draft);
  return { format: EXPORT_FORMAT, exportedAt: new Date().toISOString(), name: row.name, description: row.description, tags: row.tags, definition: clean, calledKonnectors };
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
  const calls = await resolveCalls(ws.tenant, isRecord(definition) ? definition : {}, body.calledKonnectors ?? {});
  const konnector = await insertKonnector(ws, {
    name: body.name,
    description: body.description ?? '',
    tags: body.tags ?? [],
    draft: parseDraft(isRecord(definition) ? calls.definition : definition, 'definition'),
  }, { action: 'konnector.imported', details: { unresolvedConnections: unresolved.length, unresolvedCalls: calls.unresolved.length } });
  return { konnector, unresolved, unresolvedCalls: calls.unresolved };
}
