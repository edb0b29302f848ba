/**
 * What the data picker offers for sub-konnectors before any test run: a called konnector's declared
 * inputs as `trigger.<name>` (an example value of each type), and a "Run konnector" step's output
 * fields as the called konnector's Return steps name them. Pure.
 */
import { declaredInputs, exampleValue, type Step } from '@konnect/schemas';
import type { CallableKonnectorDto } from '@/lib/callable-queries';
import type { KonnectorDraft } from '@/lib/konnector-bodies';

/** Example trigger data of a konnector started by "Called by another konnector"; null for other triggers. */
export function calledTriggerRecord(draft: KonnectorDraft): Record<string, unknown> | null {
  const inputs = declaredInputs(draft.trigger);
  return inputs ? Object.fromEntries(inputs.map((p) => [p.name, exampleValue(p.type)])) : null;
}

/** Output samples of the draft's wait-mode call steps, from the called konnectors' Return fields (step id → sample). */
export function callOutputSamples(draft: KonnectorDraft, callables: readonly CallableKonnectorDto[] | undefined): Record<string, object> {
  const out: Record<string, object> = {};
  if (!callables?.length) return out;
  const walk = (steps: readonly Step[]) => {
    for (const step of steps) {
      if (step.type === 'call' && step.mode === 'wait') {
        const target = callables.find((k) => k.id === step.konnectorId);
        if (target) out[step.id] = Object.fromEntries(target.outputs.map((key) => [key, '']));
      }
      if (step.type === 'path') {
        for (const b of step.branches) walk(b.steps);
        if (step.otherwise) walk(step.otherwise);
      }
      if (step.type === 'repeater') walk(step.steps);
    }
  };
  walk(draft.steps);
  return out;
}

/** True when the draft has a call step (the callable konnectors are worth loading). */
export function hasCallStep(steps: readonly Step[]): boolean {
  return steps.some((s) => s.type === 'call' || (s.type === 'path' && (s.branches.some((b) => hasCallStep(b.steps)) || hasCallStep(s.otherwise ?? []))) || (s.type === 'repeater' && hasCallStep(s.steps)));
}
