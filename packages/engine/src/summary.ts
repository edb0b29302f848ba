import type { KonnectorDefinition, Step, StepRecord } from '@konnect/schemas';
import type { Registry } from '@konnect/sdk';
import type { ExecuteResult } from './types';

const TYPE_NAMES: Record<Step['type'], string> = { filter: 'Filter', path: 'Paths', code: 'Code', repeater: 'Repeater', action: 'Action',
  fail: 'Fail run',
  respond: 'Respond to Hook',
  delay: 'Delay',
  call: 'Run konnector',
  return: 'Return',
};

/**
 * Each step's name as the builder shows it: its own name, else "App: Action" for an action, else
 * its kind ("Code"). Summaries say where a run stopped in these words, not with ids (`action_1`).
 */
export function stepNames(definition: KonnectorDefinition, registry: Registry): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (steps: readonly Step[]) => {
    for (const step of steps) {
      let name = step.name?.trim() || TYPE_NAMES[step.type];
      if (!step.name?.trim() && step.type === 'action') {
        const app = registry.connector(step.connector);
        const action = registry.action(step.connector, step.action);
        name = app && action ? `${app.name}: ${action.name}` : `${step.connector}: ${step.action}`;
      }
      names.set(step.id, name);
      if (step.type === 'path') {
        for (const b of step.branches) walk(b.steps);
        if (step.otherwise) walk(step.otherwise);
      } else if (step.type === 'repeater') walk(step.steps);
      if (step.type === 'action' && step.errorSteps) walk(step.errorSteps);
    }
  };
  walk(definition.steps);
  return names;
}

function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function counts(steps: StepRecord[]): string {
  const ran = steps.filter((s) => s.status === 'succeeded').length;
  const actions = steps.filter((s) => s.type === 'action' && s.status === 'succeeded').length;
  return `${ran} step${ran === 1 ? '' : 's'} succeeded (${actions} action${actions === 1 ? '' : 's'})`;
}

/** The run's one-line summary. */
export function summarize(result: Omit<ExecuteResult, 'summary'>, continuedFailures: number, names: ReadonlyMap<string, string> = new Map(), handledFailures = 0): string {
  const { status, steps, error } = result;
  const at = (stepId: string | undefined) => (stepId ? (names.get(stepId) ?? stepId) : stepId);
  switch (status) {
    case 'succeeded':
      return oneLine(`Succeeded: ${counts(steps)}`);
    case 'filtered':
      return oneLine(`Filtered at "${at(error?.stepId ?? steps.findLast((s) => s.status === 'filtered')?.stepId) ?? '?'}": ${result.filteredReason ?? ''}`);
    case 'partial':
      if (handledFailures > 0 && handledFailures === continuedFailures) {
        return oneLine(`Partial: "${at(error?.stepId) ?? '?'}" failed and its error branch ran${handledFailures > 1 ? ` (${handledFailures} failures handled)` : ''}; ${counts(steps)}; error: ${error?.message ?? ''}`);
      }
      return oneLine(
        `Partial: ${continuedFailures} step${continuedFailures === 1 ? '' : 's'} failed and the run went on; ${counts(steps)}; first failure "${at(error?.stepId) ?? '?'}": ${error?.message ?? ''}`,
      );
    case 'deferred':
      return oneLine(`Deferred at "${at(error?.stepId) ?? '?'}": ${error?.message ?? ''}; retry in ${Math.ceil((result.retryAfterMs ?? 0) / 1000)} s`);
    case 'waiting':
      return oneLine(`Waiting until ${new Date(result.resumeAt ?? 0).toISOString()} at "${at(result.waiting?.stepId) ?? '?'}": ${result.waiting?.reason ?? ''}`);
    case 'failed':
      return oneLine(`Failed at "${at(error?.stepId) || 'definition'}": ${error?.message ?? ''}`);
  }
}
