import { asArray, asRecord, asString, looseId, type Loose } from './loose';

/** Where a step sits in the tree: its pre-order position and its enclosing containers. */
export interface StepLocation {
  id: string;
  order: number;
  type: string | undefined;
  /** Ids of the repeaters around the step, outermost first. */
  repeaters: string[];
  /** `pathId:branchIndex` (or `pathId:otherwise`) of the branches around the step, outermost first. */
  branches: string[];
}

/** Every step (first occurrence of each id) with its location, in pre-order. */
export function indexSteps(steps: unknown): Map<string, StepLocation> {
  const index = new Map<string, StepLocation>();
  let order = 0;
  const visit = (list: unknown, repeaters: string[], branches: string[]) => {
    for (const raw of asArray(list)) {
      const step = asRecord(raw);
      const id = looseId(step);
      const type = asString(step?.type);
      if (id && !index.has(id)) index.set(id, { id, order, type, repeaters, branches });
      order++;
      if (!step) continue;
      if (type === 'path') {
        asArray(step.branches).forEach((b, i) => visit(asRecord(b)?.steps, repeaters, [...branches, `${id ?? '?'}:${i}`]));
        visit(step.otherwise, repeaters, [...branches, `${id ?? '?'}:otherwise`]);
      } else if (type === 'repeater') {
        visit(step.steps, [...repeaters, id ?? '?'], branches);
      }
      if (type === 'action') visit(step.errorSteps, repeaters, [...branches, `${id ?? '?'}:error`]);
    }
  };
  visit(steps, [], []);
  return index;
}

/** Calls `fn` for every step object in the tree (pre-order), with its nesting. */
export function forEachStep(
  steps: unknown,
  fn: (step: Loose, ctx: { pathDepth: number; repeaterDepth: number }) => void,
  pathDepth = 0,
  repeaterDepth = 0,
): void {
  for (const raw of asArray(steps)) {
    const step = asRecord(raw);
    if (!step) continue;
    fn(step, { pathDepth, repeaterDepth });
    if (step.type === 'path') {
      for (const b of asArray(step.branches)) forEachStep(asRecord(b)?.steps, fn, pathDepth + 1, repeaterDepth);
      forEachStep(step.otherwise, fn, pathDepth + 1, repeaterDepth);
    } else if (step.type === 'repeater') {
      forEachStep(step.steps, fn, pathDepth, repeaterDepth + 1);
    }
    if (step.type === 'action') forEachStep(step.errorSteps, fn, pathDepth, repeaterDepth);
  }
}
