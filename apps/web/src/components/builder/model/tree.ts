/**
 * Addressing steps in a draft's tree: the root list, each path branch's list (and its otherwise
 * list), each repeater's body. Updates are immutable with structural sharing: only the arrays and
 * objects on the way to a change are new, so unchanged steps keep their identity.
 */
import type { PathStep, Step } from '@konnect/schemas';
import type { KonnectorDraft } from '@/lib/konnector-bodies';

export type ListRef =
  | { kind: 'root' }
  | { kind: 'branch'; stepId: string; branchId: string }
  | { kind: 'otherwise'; stepId: string }
  | { kind: 'body'; stepId: string }
  /** An action's error branch (onError 'branch'). */
  | { kind: 'error'; stepId: string };

/** A place in a list: `index` is where a new step goes (0 = first, list length = last). */
export interface Position {
  list: ListRef;
  index: number;
}

export const ROOT: ListRef = { kind: 'root' };

/** A stable text key of a list (for node ids and React keys). */
export function listKey(ref: ListRef): string {
  switch (ref.kind) {
    case 'root':
      return 'root';
    case 'branch':
      return `${ref.stepId}:branch:${ref.branchId}`;
    case 'otherwise':
      return `${ref.stepId}:otherwise`;
    case 'body':
      return `${ref.stepId}:body`;
    case 'error':
      return `${ref.stepId}:error`;
  }
}

/** The step with this id anywhere in the tree. */
export function findStep(steps: readonly Step[], id: string): Step | null {
  for (const step of steps) {
    if (step.id === id) return step;
    for (const list of childLists(step)) {
      const found = findStep(list.steps, id);
      if (found) return found;
    }
  }
  return null;
}

/** The lists directly inside a step, in display order (branches, then otherwise; a repeater's body; an action's error branch). */
export function childLists(step: Step): { ref: ListRef; steps: Step[] }[] {
  if (step.type === 'path') {
    const lists: { ref: ListRef; steps: Step[] }[] = step.branches.map((b) => ({ ref: { kind: 'branch', stepId: step.id, branchId: b.id }, steps: b.steps }));
    if (step.otherwise) lists.push({ ref: { kind: 'otherwise', stepId: step.id }, steps: step.otherwise });
    return lists;
  }
  if (step.type === 'repeater') return [{ ref: { kind: 'body', stepId: step.id }, steps: step.steps }];
  if (step.type === 'action' && step.errorSteps) return [{ ref: { kind: 'error', stepId: step.id }, steps: step.errorSteps }];
  return [];
}

/** The steps of a list, or null when the list does not exist (unknown step or branch). */
export function getList(draft: KonnectorDraft, ref: ListRef): Step[] | null {
  if (ref.kind === 'root') return draft.steps;
  const owner = findStep(draft.steps, ref.stepId);
  if (!owner) return null;
  if (ref.kind === 'branch') return owner.type === 'path' ? (owner.branches.find((b) => b.id === ref.branchId)?.steps ?? null) : null;
  if (ref.kind === 'otherwise') return owner.type === 'path' ? (owner.otherwise ?? null) : null;
  if (ref.kind === 'error') return owner.type === 'action' ? (owner.errorSteps ?? null) : null;
  return owner.type === 'repeater' ? owner.steps : null;
}

/** Replaces the step `id` by `fn(step)` wherever it is; returns the same array when nothing changed. */
export function replaceStep(steps: Step[], id: string, fn: (step: Step) => Step): Step[] {
  let changed = false;
  const next = steps.map((step) => {
    const updated = step.id === id ? fn(step) : replaceInside(step, id, fn);
    if (updated !== step) changed = true;
    return updated;
  });
  return changed ? next : steps;
}

function replaceInside(step: Step, id: string, fn: (step: Step) => Step): Step {
  if (step.type === 'path') {
    let changed = false;
    const branches = step.branches.map((b) => {
      const steps = replaceStep(b.steps, id, fn);
      if (steps === b.steps) return b;
      changed = true;
      return { ...b, steps };
    });
    const otherwise = step.otherwise ? replaceStep(step.otherwise, id, fn) : undefined;
    if (otherwise !== step.otherwise) changed = true;
    return changed ? { ...step, branches, ...(otherwise ? { otherwise } : {}) } : step;
  }
  if (step.type === 'repeater') {
    const steps = replaceStep(step.steps, id, fn);
    return steps === step.steps ? step : { ...step, steps };
  }
  if (step.type === 'action' && step.errorSteps) {
    const errorSteps = replaceStep(step.errorSteps, id, fn);
    return errorSteps === step.errorSteps ? step : { ...step, errorSteps };
  }
  return step;
}

/** Applies `fn` to one list; returns the same draft when the list does not exist or did not change. */
export function updateList(draft: KonnectorDraft, ref: ListRef, fn: (steps: Step[]) => Step[]): KonnectorDraft {
  if (ref.kind === 'root') {
    const steps = fn(draft.steps);
    return steps === draft.steps ? draft : { ...draft, steps };
  }
  if (getList(draft, ref) === null) return draft;
  const steps = replaceStep(draft.steps, ref.stepId, (owner) => withList(owner, ref, fn));
  return steps === draft.steps ? draft : { ...draft, steps };
}

function withList(owner: Step, ref: Exclude<ListRef, { kind: 'root' }>, fn: (steps: Step[]) => Step[]): Step {
  if (owner.type === 'repeater' && ref.kind === 'body') {
    const steps = fn(owner.steps);
    return steps === owner.steps ? owner : { ...owner, steps };
  }
  if (owner.type === 'action' && ref.kind === 'error') {
    if (!owner.errorSteps) return owner;
    const errorSteps = fn(owner.errorSteps);
    return errorSteps === owner.errorSteps ? owner : { ...owner, errorSteps };
  }
  if (owner.type !== 'path') return owner;
  if (ref.kind === 'otherwise') {
    if (!owner.otherwise) return owner;
    const otherwise = fn(owner.otherwise);
    return otherwise === owner.otherwise ? owner : { ...owner, otherwise };
  }
  if (ref.kind !== 'branch') return owner;
  let changed = false;
  const branches = owner.branches.map((b) => {
    if (b.id !== ref.branchId) return b;
    const steps = fn(b.steps);
    if (steps === b.steps) return b;
    changed = true;
    return { ...b, steps };
  });
  return changed ? ({ ...owner, branches } satisfies PathStep) : owner;
}

/** Where a step sits: its list and index; null for an unknown id. */
export function locate(draft: KonnectorDraft, id: string): Position | null {
  const search = (steps: Step[], ref: ListRef): Position | null => {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (!step) continue;
      if (step.id === id) return { list: ref, index: i };
      for (const child of childLists(step)) {
        const found = search(child.steps, child.ref);
        if (found) return found;
      }
    }
    return null;
  };
  return search(draft.steps, ROOT);
}

/** Calls `fn` for every step (pre-order, depth-first). */
export function forEachStep(steps: readonly Step[], fn: (step: Step) => void): void {
  for (const step of steps) {
    fn(step);
    for (const child of childLists(step)) forEachStep(child.steps, fn);
  }
}

/** Every id in use: 'trigger', step ids and path branch ids. */
export function usedIds(draft: KonnectorDraft): Set<string> {
  const ids = new Set<string>(['trigger']);
  forEachStep(draft.steps, (step) => {
    ids.add(step.id);
    if (step.type === 'path') for (const b of step.branches) ids.add(b.id);
  });
  return ids;
}
