/**
 * What a code step receives in "Run code": `{ trigger, steps }` from the sample and the last
 * test run (only the steps before it), and `loop` inside a repeater. Pure.
 */
import type { AvailableField } from '@konnect/engine/fields';
import { parseTemplate, type PathSegment, type RepeaterStep, type Step } from '@konnect/schemas';

export interface CodeInput {
  trigger: Record<string, unknown>;
  steps: Record<string, unknown>;
  loop?: { item: unknown; index: number };
}

/** The repeaters around a step, outermost first; null when the step is not in the tree. */
function repeatersAround(steps: readonly Step[], stepId: string, around: RepeaterStep[] = []): RepeaterStep[] | null {
  for (const step of steps) {
    if (step.id === stepId) return around;
    const lists = step.type === 'path' ? [...step.branches.map((b) => b.steps), step.otherwise ?? []] : step.type === 'repeater' ? [step.steps] : step.type === 'action' ? [step.errorSteps ?? []] : [];
    for (const list of lists) {
      const found = repeatersAround(list, stepId, step.type === 'repeater' ? [...around, step] : around);
      if (found) return found;
    }
  }
  return null;
}

function walk(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/**
 * The input for `stepId`: the trigger record, the outputs of the steps in scope (the ones the
 * data picker offers), and the first item of each enclosing repeater's list.
 */
export function codeInput(
  allSteps: readonly Step[],
  stepId: string,
  trigger: Record<string, unknown> | undefined,
  outputs: Readonly<Record<string, unknown>>,
  fields: readonly AvailableField[],
): CodeInput {
  const inScope = new Set(fields.filter((f) => f.ref.startsWith('steps.')).map((f) => f.source));
  const steps = Object.fromEntries(Object.entries(outputs).filter(([id]) => inScope.has(id)));
  const input: CodeInput = { trigger: trigger ?? {}, steps };
  for (const repeater of repeatersAround(allSteps, stepId) ?? []) {
    const ref = parseTemplate(repeater.items).sole;
    const roots: Record<string, unknown> = { trigger: input.trigger, steps: outputs, loop: input.loop };
    const list = ref ? walk(roots[ref.root], ref.path) : undefined;
    input.loop = { item: Array.isArray(list) ? list[0] : undefined, index: 0 };
  }
  return input;
}
