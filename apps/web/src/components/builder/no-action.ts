/**
 * A konnector whose steps hold no action does nothing when its trigger fires: the builder lists
 * that as a problem and its Active switch refuses to turn it on. Pure.
 */
import type { Problem, Step } from '@konnect/schemas';
import type { KonnectorDraft } from '@/lib/konnector-bodies';

export const NO_ACTION_MESSAGE = 'Add an action: with only a trigger, this konnector would do nothing. Click + below the trigger and choose an app.';

function hasAction(steps: readonly Step[]): boolean {
  return steps.some((step) => {
    // Respond answers a caller; a call runs another konnector; a Return sends a called konnector's result back: all do something.
    if (step.type === 'action' || step.type === 'respond' || step.type === 'call' || step.type === 'return') return true;
    if (step.type === 'path') return step.branches.some((b) => hasAction(b.steps)) || hasAction(step.otherwise ?? []);
    if (step.type === 'repeater') return hasAction(step.steps);
    if (step.type === 'fail') return false;
    return false;
  });
}

/** `[no_action problem]` when no step anywhere in the draft is an action, else `[]`. */
export function noActionProblems(draft: KonnectorDraft): Problem[] {
  return hasAction(draft.steps) ? [] : [{ stepId: '', path: ['steps'], code: 'no_action', message: NO_ACTION_MESSAGE }];
}
