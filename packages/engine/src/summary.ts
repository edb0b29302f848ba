import type { StepRecord } from '@konnect/schemas';
import type { ExecuteResult } from './types';

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
export function summarize(result: Omit<ExecuteResult, 'summary'>, continuedFailures: number): string {
  const { status, steps, error } = result;
  switch (status) {
    case 'succeeded':
      return oneLine(`Succeeded: ${counts(steps)}`);
    case 'filtered':
      return oneLine(`Filtered at "${error?.stepId ?? steps.findLast((s) => s.status === 'filtered')?.stepId ?? '?'}": ${result.filteredReason ?? ''}`);
    case 'partial':
      return oneLine(
        `Partial: ${continuedFailures} step${continuedFailures === 1 ? '' : 's'} failed and the run went on; ${counts(steps)}; first failure "${error?.stepId ?? '?'}": ${error?.message ?? ''}`,
      );
    case 'deferred':
      return oneLine(`Deferred at "${error?.stepId ?? '?'}": ${error?.message ?? ''}; retry in ${Math.ceil((result.retryAfterMs ?? 0) / 1000)} s`);
    case 'failed':
      return oneLine(`Failed at "${error?.stepId || 'definition'}": ${error?.message ?? ''}`);
  }
}
