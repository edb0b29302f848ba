/** New ids for things a panel adds (path branches), unique in the whole draft. Pure. */
import { MAX_STEP_ID_LENGTH, type PathBranch, type PathStep, type Step } from '@konnect/schemas';
import type { KonnectorDraft } from '@/lib/konnector-bodies';

/** Every step and branch id in the draft. */
export function usedIds(draft: KonnectorDraft): Set<string> {
  const ids = new Set<string>(['trigger']);
  const walk = (steps: readonly Step[]) => {
    for (const step of steps) {
      ids.add(step.id);
      if (step.type === 'path') {
        for (const b of step.branches) {
          ids.add(b.id);
          walk(b.steps);
        }
        if (step.otherwise) walk(step.otherwise);
      } else if (step.type === 'repeater') walk(step.steps);
      if (step.type === 'action' && step.errorSteps) walk(step.errorSteps);
    }
  };
  walk(draft.steps);
  return ids;
}

/** `<prefix>_<n>` with the smallest n ≥ 1 not taken (the prefix cut so the id stays within the limit). */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = `_${n}`;
    const id = `${prefix.slice(0, MAX_STEP_ID_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(id)) return id;
  }
}

/** A new, empty branch for a Paths step: "Branch N", one empty condition, no steps. */
export function newBranch(draft: KonnectorDraft, step: PathStep): PathBranch {
  const taken = usedIds(draft);
  for (const b of step.branches) taken.add(b.id);
  return {
    id: freshId(`${step.id}_branch`, taken),
    name: `Branch ${step.branches.length + 1}`,
    conditions: { all: [{ left: '', op: 'equals', right: '' }] },
    steps: [],
  };
}
