/** Readable, unique ids for new steps and branches: `filter_1`, `action_2`, `branch_3`. */
import type { StepType } from '@konnect/schemas';

export type IdPrefix = StepType | 'branch';

/**
 * Hands out fresh ids against a set of used ones: `<prefix>_<n>` with n one above the highest
 * number already used with that prefix (so a deleted step's id is not reused while a later one
 * still exists, and numbers read in creation order).
 */
export function idMaker(used: Set<string>): (prefix: IdPrefix) => string {
  const taken = new Set(used);
  return (prefix) => {
    const pattern = new RegExp(`^${prefix}_(\\d+)$`);
    let max = 0;
    for (const id of taken) {
      const m = pattern.exec(id);
      if (m?.[1]) max = Math.max(max, Number(m[1]));
    }
    let id = `${prefix}_${max + 1}`;
    for (let n = max + 2; taken.has(id); n++) id = `${prefix}_${n}`;
    taken.add(id);
    return id;
  };
}
