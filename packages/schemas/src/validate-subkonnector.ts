import { asRecord, asString, looseId, type Loose } from './loose';
import type { Problem } from './problems';
import { forEachStep } from './step-index';
import { CALLED_CONNECTOR, CALLED_TRIGGER } from './subkonnector';

/**
 * Sub-konnector steps (what can be checked without the database; publishing also checks the
 * called konnector, its trigger and cycles): a "Run konnector" step names its konnector; a Return
 * step is only for a konnector started by "Called by another konnector", and not inside a
 * repeater (it ends the whole run).
 */
export function subkonnectorProblems(definition: Loose): Problem[] {
  const problems: Problem[] = [];
  const trigger = asRecord(definition.trigger);
  const called = asString(trigger?.connector) === CALLED_CONNECTOR && asString(trigger?.event) === CALLED_TRIGGER;
  forEachStep(definition.steps, (step, { repeaterDepth }) => {
    const stepId = looseId(step) ?? '';
    if (step.type === 'call' && (asString(step.konnectorId) ?? '').trim() === '') {
      problems.push({ stepId, path: ['konnectorId'], code: 'missing_konnector', message: 'Choose the konnector to run' });
    }
    if (step.type !== 'return') return;
    if (!called) {
      problems.push({ stepId, path: [], code: 'misplaced_return', message: 'Return is only for konnectors whose trigger is "Called by another konnector"' });
    } else if (repeaterDepth > 0) {
      problems.push({ stepId, path: [], code: 'misplaced_return', message: 'Return ends the whole run: it cannot be inside a repeater' });
    }
  });
  return problems;
}
