/**
 * Sub-konnectors in the web app (docs/subkonnectors.md): the konnectors a "Run konnector" step can
 * choose (this workspace's konnectors that start with "Called by another konnector", with their
 * declared inputs and the fields their Return steps send back), and the draft problems of call
 * steps whose konnector is missing here (another workspace's id included) or not callable.
 */
import { declaredInputs, DraftDefinition, type CallParam, type Problem, type Step } from '@konnect/schemas';
import type { ScopedDb } from '../tenant';
import type { WorkspaceScope } from '../workspace-scope';
import { walkNodes } from './definition';

export interface CallableKonnectorDto {
  id: string;
  name: string;
  status: 'active' | 'inactive';
  /** Its declared inputs (the published version's, else the draft's). */
  inputs: CallParam[];
  /** The output fields its Return steps name (every Return step's keys, once each, sorted). */
  outputs: string[];
}

type Row = { id: string; name: string; status: 'active' | 'inactive'; draft: unknown; publishedVersion: { definition: unknown } | null };

function returnKeys(steps: readonly Step[], out = new Set<string>()): Set<string> {
  for (const step of steps) {
    if (step.type === 'return') for (const key of Object.keys(step.output)) out.add(key);
    if (step.type === 'path') {
      for (const b of step.branches) returnKeys(b.steps, out);
      if (step.otherwise) returnKeys(step.otherwise, out);
    }
    if (step.type === 'repeater') returnKeys(step.steps, out);
  }
  return out;
}

/** The konnector as a call target, or null when it does not start with "Called by another konnector". */
function asCallable(row: Row): CallableKonnectorDto | null {
  const parsed = DraftDefinition.safeParse(row.publishedVersion?.definition ?? row.draft);
  if (!parsed.success) return null;
  const inputs = declaredInputs(parsed.data.trigger);
  if (!inputs) return null;
  return { id: row.id, name: row.name, status: row.status, inputs, outputs: [...returnKeys(parsed.data.steps)].sort() };
}

const SELECT = { id: true, name: true, status: true, draft: true, publishedVersion: { select: { definition: true } } } as const;

/** GET …/konnectors/callable: every konnector of the workspace another konnector can run, by name. */
export async function listCallable(ws: WorkspaceScope): Promise<{ konnectors: CallableKonnectorDto[] }> {
  // Only konnectors whose draft or published version starts with the called trigger are read whole.
  const rows = await ws.tenant.konnector.findMany({
    where: { OR: [{ draft: { path: ['trigger', 'connector'], equals: 'subkonnector' } }, { publishedVersion: { definition: { path: ['trigger', 'connector'], equals: 'subkonnector' } } }] },
    select: SELECT,
    orderBy: { name: 'asc' },
    take: 500,
  });
  return { konnectors: rows.flatMap((row) => asCallable(row) ?? []) };
}

/** Each call step of a draft with the konnector id it names. */
function callSlots(draft: unknown): { stepId: string; konnectorId: string }[] {
  const slots: { stepId: string; konnectorId: string }[] = [];
  walkNodes(draft, (node, path) => {
    if (path.length > 1 && node.type === 'call' && typeof node.id === 'string' && typeof node.konnectorId === 'string' && node.konnectorId !== '') {
      slots.push({ stepId: node.id, konnectorId: node.konnectorId });
    }
  });
  return slots;
}

/**
 * A `missing_konnector` problem on `konnectorId` for each call step whose konnector is not in this
 * workspace (deleted, or another workspace's id: the same words, so other workspaces' ids reveal
 * nothing) or does not start with "Called by another konnector". Call cycles are refused when
 * publishing (they need every konnector's published version).
 */
export async function callProblems(tenant: ScopedDb, draft: unknown): Promise<Problem[]> {
  const slots = callSlots(draft);
  if (slots.length === 0) return [];
  const rows = await tenant.konnector.findMany({ where: { id: { in: [...new Set(slots.map((s) => s.konnectorId))] } }, select: SELECT });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return slots.flatMap(({ stepId, konnectorId }): Problem[] => {
    const row = byId.get(konnectorId);
    if (!row) return [{ stepId, path: ['konnectorId'], code: 'missing_konnector', message: 'The konnector to run does not exist in this workspace; choose another' }];
    if (!asCallable(row)) return [{ stepId, path: ['konnectorId'], code: 'missing_konnector', message: `"${row.name}" does not start with "Called by another konnector", so it cannot be run from here` }];
    return [];
  });
}
