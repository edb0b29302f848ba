/**
 * The builder's edits of a draft, as pure functions. Each returns the same draft object when the
 * edit does not apply (unknown id, first step moved up…), so callers can tell "nothing happened".
 */
import type { ActionStep, OnError, PathBranch, PathStep, Step, StepType } from '@konnect/schemas';
import { DEFAULT_CALL_TIMEOUT_SECONDS, DEFAULT_MAX_ITERATIONS } from '@konnect/schemas';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import { idMaker, type IdPrefix } from './ids';
import { rewriteTemplate, rewriteValue } from './rewrite';
import { childLists, findStep, getList, locate, replaceStep, updateList, usedIds, type Position } from './tree';

type DraftTrigger = KonnectorDraft['trigger'];

const emptyConditions = () => ({ all: [] });

function newBranch(id: string, name: string): PathBranch {
  return { id, name, conditions: emptyConditions(), steps: [] };
}

/** A step of `type` with the empty values the builder starts from (a draft accepts them; problems list what is missing). */
export function emptyStep(type: StepType, nextId: (prefix: IdPrefix) => string): Step {
  const id = nextId(type);
  switch (type) {
    case 'filter':
      return { type, id, conditions: emptyConditions() };
    case 'path':
      return { type, id, branches: [newBranch(nextId('branch'), 'Branch 1'), newBranch(nextId('branch'), 'Branch 2')] };
    case 'code':
      return { type, id, source: '' };
    case 'repeater':
      return { type, id, items: '', steps: [], maxIterations: DEFAULT_MAX_ITERATIONS };
    case 'action':
      return { type, id, connector: '', action: '', input: {}, onError: 'stop' };
    case 'fail':
      return { type, id, message: '' };
    case 'respond':
      return { type, id, status: 200, headers: {}, body: { kind: 'json', value: {} } };
    case 'call':
      return { type, id, konnectorId: '', input: {}, mode: 'wait', timeoutSeconds: DEFAULT_CALL_TIMEOUT_SECONDS };
    case 'return':
      return { type, id, output: {} };
    case 'delay':
      return { type, id, mode: 'for', amount: 1, unit: 'hours' };
  }
}

/**
 * An action with another "On error": 'branch' opens its (empty) error branch on the canvas, any
 * other choice removes the branch with its steps (Undo brings them back).
 */
export function withOnError(step: ActionStep, onError: OnError): ActionStep {
  const { errorSteps, ...rest } = step;
  return onError === 'branch' ? { ...rest, onError, errorSteps: errorSteps ?? [] } : { ...rest, onError };
}

/** Inserts a new empty step; returns the draft and the new step's id (null when the position does not exist). */
export function insertStep(draft: KonnectorDraft, at: Position, type: StepType): { draft: KonnectorDraft; id: string | null } {
  const list = getList(draft, at.list);
  if (!list || at.index < 0 || at.index > list.length) return { draft, id: null };
  const step = emptyStep(type, idMaker(usedIds(draft)));
  return { draft: updateList(draft, at.list, (steps) => [...steps.slice(0, at.index), step, ...steps.slice(at.index)]), id: step.id };
}

/** Removes a step with everything inside it. */
export function deleteStep(draft: KonnectorDraft, id: string): KonnectorDraft {
  const at = locate(draft, id);
  if (!at) return draft;
  return updateList(draft, at.list, (steps) => steps.filter((s) => s.id !== id));
}

/** Moves a step one place up (-1) or down (+1) within its own list. */
export function moveStep(draft: KonnectorDraft, id: string, by: -1 | 1): KonnectorDraft {
  const at = locate(draft, id);
  if (!at) return draft;
  return updateList(draft, at.list, (steps) => {
    const to = at.index + by;
    const a = steps[at.index];
    const b = steps[to];
    if (!a || !b) return steps;
    const next = [...steps];
    next[to] = a;
    next[at.index] = b;
    return next;
  });
}

/** Replaces a step by its new version (same id). */
export function updateStep(draft: KonnectorDraft, next: Step): KonnectorDraft {
  if (!findStep(draft.steps, next.id)) return draft;
  const steps = replaceStep(draft.steps, next.id, (old) => (old === next ? old : next));
  return steps === draft.steps ? draft : { ...draft, steps };
}

export function updateTrigger(draft: KonnectorDraft, trigger: DraftTrigger): KonnectorDraft {
  return trigger === draft.trigger ? draft : { ...draft, trigger: { ...trigger, id: 'trigger' } };
}

/** Every step and branch id inside `step` (itself included). */
function idsInside(step: Step): { id: string; prefix: IdPrefix }[] {
  const out: { id: string; prefix: IdPrefix }[] = [{ id: step.id, prefix: step.type }];
  if (step.type === 'path') for (const b of step.branches) out.push({ id: b.id, prefix: 'branch' });
  for (const child of childLists(step)) for (const s of child.steps) out.push(...idsInside(s));
  return out;
}

/** A deep copy of `step` with ids renamed through `ids` and references into the copy rewritten. */
function renamed(step: Step, ids: ReadonlyMap<string, string>): Step {
  const id = ids.get(step.id) ?? step.id;
  const each = (list: Step[]) => list.map((s) => renamed(s, ids));
  switch (step.type) {
    case 'filter':
      return { ...step, id, conditions: rewriteValue(step.conditions, ids) };
    case 'path':
      return {
        ...step,
        id,
        branches: step.branches.map((b) => ({ ...b, id: ids.get(b.id) ?? b.id, conditions: rewriteValue(b.conditions, ids), steps: each(b.steps) })),
        ...(step.otherwise ? { otherwise: each(step.otherwise) } : {}),
      };
    case 'code':
      return { ...step, id };
    case 'repeater':
      return { ...step, id, items: rewriteTemplate(step.items, ids), steps: each(step.steps) };
    case 'action':
      return { ...step, id, input: rewriteValue(step.input, ids), ...(step.errorSteps ? { errorSteps: each(step.errorSteps) } : {}) };
    case 'fail':
      return { ...step, id, message: rewriteTemplate(step.message, ids) };
    case 'respond':
      return { ...step, id, headers: rewriteValue(step.headers, ids), body: { ...step.body, value: rewriteValue(step.body.value, ids) } as typeof step.body };
    case 'call':
      return { ...step, id, input: rewriteValue(step.input, ids) };
    case 'return':
      return { ...step, id, output: rewriteValue(step.output, ids) };
    case 'delay':
      return { ...step, id, ...(step.at !== undefined ? { at: rewriteTemplate(step.at, ids) } : {}) };
  }
}

/**
 * Inserts a deep copy right after the step: fresh ids for the copy and everything in it, and
 * references inside the copy that pointed into the original now point into the copy. (Code
 * steps' JavaScript is copied as written.)
 */
export function duplicateStep(draft: KonnectorDraft, id: string): { draft: KonnectorDraft; id: string | null } {
  const at = locate(draft, id);
  const original = findStep(draft.steps, id);
  if (!at || !original) return { draft, id: null };
  const nextId = idMaker(usedIds(draft));
  const ids = new Map(idsInside(original).map((x) => [x.id, nextId(x.prefix)]));
  const copy = renamed(structuredClone(original), ids);
  if (copy.name) copy.name = `${copy.name} (copy)`.slice(0, 120);
  return { draft: updateList(draft, at.list, (steps) => [...steps.slice(0, at.index + 1), copy, ...steps.slice(at.index + 1)]), id: copy.id };
}

function updatePath(draft: KonnectorDraft, pathId: string, fn: (step: PathStep, nextId: (prefix: IdPrefix) => string) => PathStep): KonnectorDraft {
  const step = findStep(draft.steps, pathId);
  if (step?.type !== 'path') return draft;
  const next = fn(step, idMaker(usedIds(draft)));
  return next === step ? draft : updateStep(draft, next);
}

/** Adds a branch (empty conditions and steps) named "Branch <n>" at the end of a path. */
export function addBranch(draft: KonnectorDraft, pathId: string): KonnectorDraft {
  return updatePath(draft, pathId, (step, nextId) => {
    const names = new Set(step.branches.map((b) => b.name));
    let n = step.branches.length + 1;
    while (names.has(`Branch ${n}`)) n++;
    return { ...step, branches: [...step.branches, newBranch(nextId('branch'), `Branch ${n}`)] };
  });
}

export function renameBranch(draft: KonnectorDraft, pathId: string, branchId: string, name: string): KonnectorDraft {
  const clean = name.slice(0, 120);
  return updatePath(draft, pathId, (step) => {
    const branch = step.branches.find((b) => b.id === branchId);
    if (!branch || branch.name === clean) return step;
    return { ...step, branches: step.branches.map((b) => (b.id === branchId ? { ...b, name: clean } : b)) };
  });
}

/** Removes a branch with its steps. */
export function removeBranch(draft: KonnectorDraft, pathId: string, branchId: string): KonnectorDraft {
  return updatePath(draft, pathId, (step) => (step.branches.some((b) => b.id === branchId) ? { ...step, branches: step.branches.filter((b) => b.id !== branchId) } : step));
}

/** Adds the "otherwise" list (runs when no branch matches). */
export function addOtherwise(draft: KonnectorDraft, pathId: string): KonnectorDraft {
  return updatePath(draft, pathId, (step) => (step.otherwise ? step : { ...step, otherwise: [] }));
}

/** Removes the "otherwise" list with its steps. */
export function removeOtherwise(draft: KonnectorDraft, pathId: string): KonnectorDraft {
  return updatePath(draft, pathId, (step) => {
    if (!step.otherwise) return step;
    const { otherwise: _dropped, ...rest } = step;
    return rest;
  });
}
