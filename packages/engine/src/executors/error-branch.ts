import type { ActionStep, StepError } from '@konnect/schemas';
import type { StepContext } from '../run-state';
import type { ErrorScope } from '../scope';
import type { Flow } from '../types';

/** The failed action's name as the builder shows it: its own name, else "App: Action". */
function nameOf(step: ActionStep, ctx: StepContext): string {
  if (step.name?.trim()) return step.name.trim();
  const app = ctx.run.registry.connector(step.connector);
  const action = ctx.run.registry.action(step.connector, step.action);
  return app && action ? `${app.name}: ${action.name}` : `${step.connector}: ${step.action}`;
}

export function errorScope(step: ActionStep, ctx: StepContext, error: StepError): ErrorScope {
  return { message: error.message, status: error.status ?? null, step: step.id, stepName: nameOf(step, ctx), kind: error.kind };
}

/**
 * onError 'branch': the action failed for good (its record is saved), so its error branch runs
 * with `{{error.…}}` in scope instead of the rest of the list (as Zapier's error path: the main
 * path after the action does not run). The failure counts as handled: when the branch completes,
 * or a filter in it stops, the list ends and the run ends `partial` (inside a repeater, only that
 * iteration ends). A branch step that fails (a "Fail run" step included) fails the run with its own
 * error; a deferral or wait inside the branch passes up like any other. On resume the saved failure
 * is reused and the branch's saved records too, so neither the action nor a finished branch step
 * runs again.
 */
export async function runErrorBranch(step: ActionStep, ctx: StepContext, error: StepError): Promise<Flow> {
  const { run } = ctx;
  run.noteHandledFailure(error);
  const scope = { ...ctx.scope, error: errorScope(step, ctx, error) };
  const flow = await run.runSteps(step.errorSteps ?? [], { ...ctx, scope });
  if (flow.kind !== 'next') return flow;
  return { kind: 'filtered', stepId: step.id, reason: `"${scope.error.stepName}" failed and its error branch ran` };
}
