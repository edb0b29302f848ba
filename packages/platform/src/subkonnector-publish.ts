/**
 * Publishing checks of sub-konnector calls (docs/subkonnectors.md): every "Run konnector" step
 * names a konnector of the same workspace that starts with "Called by another konnector", and
 * no chain of calls leads back to the konnector being published (A → B → A, or A → A). The
 * other konnectors are read as they will run: their published version (their draft while they
 * have none). Refusals are AppError 'invalid' with a problem on the step's `konnectorId`.
 */
import { DraftDefinition, declaredInputs, type KonnectorDefinition, type Problem } from '@konnect/schemas';
import { allSteps, versionDefinition } from './definition';
import { AppError } from './errors';
import type { Platform } from './platform';

interface Node {
  name: string;
  /** Konnector ids its call steps name. */
  calls: string[];
  /** Starts with "Called by another konnector". */
  callable: boolean;
}

function callTargets(definition: Pick<KonnectorDefinition, 'steps'>): string[] {
  return [...new Set(allSteps(definition.steps).flatMap((s) => (s.type === 'call' && s.konnectorId ? [s.konnectorId] : [])))];
}

/** Konnectors of the workspace by id, as far as they are needed (loaded a level at a time). */
async function loadNodes(p: Platform, workspaceId: string, ids: string[]): Promise<Map<string, Node>> {
  const rows = await p.db.konnector.findMany({
    where: { workspaceId, id: { in: ids } },
    select: { id: true, name: true, draft: true, publishedVersion: { select: { id: true, definition: true } } },
  });
  const nodes = new Map<string, Node>();
  for (const row of rows) {
    let definition: Pick<KonnectorDefinition, 'trigger' | 'steps'> | null = null;
    if (row.publishedVersion) definition = versionDefinition(row.publishedVersion.id, row.publishedVersion.definition);
    else {
      const draft = DraftDefinition.safeParse(row.draft);
      if (draft.success) definition = draft.data as KonnectorDefinition;
    }
    nodes.set(row.id, {
      name: row.name,
      calls: definition ? callTargets(definition) : [],
      callable: definition ? declaredInputs(definition.trigger) !== null : false,
    });
  }
  return nodes;
}

function problem(stepId: string, message: string): Problem {
  return { stepId, path: ['konnectorId'], code: 'missing_konnector', message };
}

/** Refuses (AppError 'invalid') calls to konnectors that are missing, elsewhere or not callable, and call cycles. */
export async function checkCalls(p: Platform, workspaceId: string, konnector: { id: string; name: string }, definition: KonnectorDefinition): Promise<void> {
  const steps = allSteps(definition.steps).filter((s) => s.type === 'call');
  if (steps.length === 0) return;
  const nodes = new Map<string, Node>([[konnector.id, { name: konnector.name, calls: callTargets(definition), callable: declaredInputs(definition.trigger) !== null }]]);
  let frontier = callTargets(definition).filter((id) => !nodes.has(id));
  while (frontier.length > 0) {
    const loaded = await loadNodes(p, workspaceId, frontier);
    for (const id of frontier) nodes.set(id, loaded.get(id) ?? { name: id, calls: [], callable: false });
    frontier = [...new Set([...loaded.values()].flatMap((n) => n.calls))].filter((id) => !nodes.has(id));
    // Every konnector of a workspace is loaded at most once; this only bounds a pathological workspace.
    if (nodes.size > 10_000) throw new AppError('invalid', 'Too many konnector calls to check');
  }

  const problems: Problem[] = [];
  const known = await p.db.konnector.findMany({ where: { workspaceId, id: { in: steps.map((s) => (s.type === 'call' ? s.konnectorId : '')) } }, select: { id: true } });
  for (const step of steps) {
    if (step.type !== 'call') continue;
    const target = nodes.get(step.konnectorId);
    if (!known.some((k) => k.id === step.konnectorId) || !target) {
      problems.push(problem(step.id, `The konnector to run (${step.konnectorId}) does not exist in this workspace`));
    } else if (!target.callable) {
      problems.push(problem(step.id, `Konnector "${target.name}" does not start with "Called by another konnector", so it cannot be run from another konnector`));
    }
  }

  // A call chain that leads back to this konnector: depth-first from it, with the path walked so far.
  const chain = findCycle(konnector.id, nodes);
  if (chain) {
    const names = chain.map((id) => `"${nodes.get(id)?.name ?? id}"`).join(' → ');
    const first = chain[1];
    const step = steps.find((s) => s.type === 'call' && s.konnectorId === first);
    problems.push(problem(step?.id ?? '', `Konnector calls would loop: ${names}. A konnector cannot run itself, directly or through other konnectors`));
  }
  if (problems.length > 0) {
    throw new AppError('invalid', `The konnector cannot be published: ${problems.map((x) => `${x.stepId} konnectorId: ${x.message}`).join('; ')}`, { problems });
  }
}

/** The shortest-found call chain from `start` back to itself (ids, start first and last), or null. */
function findCycle(start: string, nodes: ReadonlyMap<string, Node>): string[] | null {
  const done = new Set<string>();
  const walk = (id: string, path: string[]): string[] | null => {
    for (const next of nodes.get(id)?.calls ?? []) {
      if (next === start) return [...path, start];
      if (done.has(next) || path.includes(next)) continue;
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    done.add(id);
    return null;
  };
  return walk(start, [start]);
}
