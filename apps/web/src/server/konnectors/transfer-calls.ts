/**
 * Export and import of "Run konnector" steps (sub-konnectors). A konnector id means nothing in
 * another workspace, so an export also names each called konnector (`calledKonnectors`: id →
 * name), and an import keeps an id only when it is one of this workspace's konnectors, else
 * points the step at this workspace's konnector of the same name, else leaves it empty (the
 * konnector's problems then say "Choose the konnector to run").
 */
import type { ScopedDb } from '../tenant';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface UnresolvedCall {
  stepId: string;
  /** The called konnector's name in the exporting workspace ('' when the file did not say). */
  name: string;
}

/** A copy of the steps with each call step's konnectorId passed through `map` (walks branches and loops). */
function mapCalls(steps: unknown, map: (step: Json, konnectorId: string) => string): unknown {
  if (!Array.isArray(steps)) return steps;
  return steps.map((step: unknown) => {
    if (!isRecord(step)) return step;
    const out: Json = { ...step };
    if (Array.isArray(out.steps)) out.steps = mapCalls(out.steps, map);
    if (Array.isArray(out.otherwise)) out.otherwise = mapCalls(out.otherwise, map);
    if (Array.isArray(out.branches)) out.branches = out.branches.map((b: unknown) => (isRecord(b) ? { ...b, steps: mapCalls(b.steps, map) } : b));
    if (out.type === 'call' && typeof out.konnectorId === 'string') out.konnectorId = map(out, out.konnectorId);
    return out;
  });
}

function calledIds(definition: unknown): string[] {
  const ids = new Set<string>();
  if (isRecord(definition)) mapCalls(definition.steps, (_step, id) => (id ? (ids.add(id), id) : id));
  return [...ids];
}

/** Names of the konnectors the draft's call steps run (this workspace's only), for the export file. */
export async function calledKonnectorNames(tenant: ScopedDb, draft: unknown): Promise<Record<string, string>> {
  const ids = calledIds(draft);
  if (ids.length === 0) return {};
  const rows = await tenant.konnector.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** The definition with each call step pointed at this workspace's konnector (same id, else same name), and the steps left without one. */
export async function resolveCalls(tenant: ScopedDb, definition: Json, names: Record<string, string>): Promise<{ definition: Json; unresolved: UnresolvedCall[] }> {
  if (calledIds(definition).length === 0) return { definition, unresolved: [] };
  const own = await tenant.konnector.findMany({ select: { id: true, name: true }, orderBy: { createdAt: 'asc' } });
  const unresolved: UnresolvedCall[] = [];
  const steps = mapCalls(definition.steps, (step, id) => {
    if (own.some((k) => k.id === id)) return id;
    const name = names[id] ?? '';
    const match = name ? (own.find((k) => k.name === name) ?? own.find((k) => k.name.trim().toLowerCase() === name.trim().toLowerCase())) : undefined;
    if (match) return match.id;
    unresolved.push({ stepId: typeof step.id === 'string' ? step.id : '', name });
    return '';
  });
  return { definition: { ...definition, steps }, unresolved };
}
