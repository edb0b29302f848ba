/**
 * Where a Respond to Hook step may stand: only under a Catch Hook trigger with "Respond from the
 * konnector" on (a trigger of kind 'webhook'), never in a repeater (it would answer once per item),
 * and at most once on any path a run can take (two Respond steps in different branches of one path
 * are fine; one after the other, or one before a path and one in its branch, are not: the caller
 * gets one answer). At run time a second answer is recorded as skipped (executors/respond.ts).
 */
import { asRecord, asString, type Loose } from './loose';
import type { Problem } from './problems';
import { indexSteps, type StepLocation } from './step-index';
import type { DefinitionRegistry } from './validate-registry';

const isPrefix = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((x, i) => b[i] === x);

/** Both steps can run in one execution: one's branch nesting contains the other's. */
const onOnePath = (a: StepLocation, b: StepLocation) => isPrefix(a.branches, b.branches) || isPrefix(b.branches, a.branches);

export function respondProblems(definition: Loose, registry: DefinitionRegistry | undefined): Problem[] {
  const problems: Problem[] = [];
  const trigger = asRecord(definition.trigger);
  const respondOn = asRecord(trigger?.respond) !== null;
  const connector = asString(trigger?.connector);
  const event = asString(trigger?.event);
  const kind = connector && event ? registry?.trigger(connector, event)?.kind : undefined;
  if (respondOn && kind !== undefined && kind !== 'webhook') {
    problems.push({ stepId: 'trigger', path: ['respond'], code: 'respond_not_webhook', message: '“Respond from the konnector” is an option of the Catch Hook trigger only' });
  }
  const responds = [...indexSteps(definition.steps).values()].filter((s) => s.type === 'respond').sort((a, b) => a.order - b.order);
  const earlier: StepLocation[] = [];
  for (const step of responds) {
    if (!respondOn || (kind !== undefined && kind !== 'webhook')) {
      problems.push({
        stepId: step.id,
        path: [],
        code: 'respond_without_hook',
        message: 'Respond to Hook needs a Catch Hook trigger with “Respond from the konnector” on: turn it on in the trigger, or remove this step',
      });
    }
    if (step.repeaters.length > 0) {
      problems.push({ stepId: step.id, path: [], code: 'respond_in_repeater', message: 'Respond to Hook cannot be inside a repeater: it would answer once per item, and the caller gets one answer' });
    }
    const before = earlier.find((other) => onOnePath(other, step));
    if (before) {
      problems.push({
        stepId: step.id,
        path: [],
        code: 'respond_twice',
        message: `A run can answer the caller only once, and step "${before.id}" already answers on this path: keep one Respond to Hook per path`,
      });
    }
    earlier.push(step);
  }
  return problems;
}
