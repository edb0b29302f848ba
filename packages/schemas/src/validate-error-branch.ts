import { asArray, asString, type Loose } from './loose';
import type { Problem } from './problems';

/** How a step is named in messages: its name, else its action key, else its id. */
function called(step: Loose, stepId: string): string {
  return asString(step.name)?.trim() || asString(step.action) || stepId;
}

/**
 * An action's error branch (`errorSteps`) exists exactly when its onError is 'branch', and then
 * holds at least one step; a "Fail run" step needs a message.
 */
export function errorBranchProblems(step: Loose, stepId: string): Problem[] {
  if (step.type === 'fail') {
    const message = asString(step.message);
    return message !== undefined && message.trim() === ''
      ? [{ stepId, path: ['message'], code: 'missing_message', message: 'Fail run needs a message: it becomes the run’s error' }]
      : [];
  }
  if (step.type !== 'action') return [];
  const branch = step.onError === 'branch';
  const steps = step.errorSteps;
  if (branch && asArray(steps).length === 0) {
    return [{ stepId, path: ['errorSteps'], code: 'empty_error_branch', message: `The error branch of "${called(step, stepId)}" has no steps: add a step to run when it fails, or choose another "On error"` }];
  }
  if (!branch && steps !== undefined) {
    return [{ stepId, path: ['errorSteps'], code: 'unused_error_branch', message: `"${called(step, stepId)}" has error branch steps but its "On error" is not "Run error branch"` }];
  }
  return [];
}
