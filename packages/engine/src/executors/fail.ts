import type { FailStep, StepError } from '@konnect/schemas';
import type { Executor } from '../run-state';
import { render, toText } from '../template';

/** Longest message a Fail run step puts in the run's error. */
const MAX_MESSAGE = 1000;

/**
 * "Fail run": renders its message and ends the run `failed` with it as the run's error (kind
 * 'failed_by_step', not retryable). A pure step: nothing outside Konnect changes, so its record
 * waits for the run's final write. Inside a repeater it fails the repeater, and so the run.
 */
export const runFailStep: Executor<FailStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const startedAt = run.now();
  const t0 = performance.now();
  const logs = new Set<string>();
  const text = toText(render(step.message, scope, logs)).trim();
  const full = text || 'The run was failed by a "Fail run" step';
  const message = full.length > MAX_MESSAGE ? `${full.slice(0, MAX_MESSAGE - 1)}…` : full;
  const error: StepError = { kind: 'failed_by_step', message, stepId: step.id, ...(iteration ? { iteration } : {}), retryable: false };
  await run.record({ step, iteration, status: 'failed', input: { message: step.message }, output: { message }, error, logs, startedAt, durationMs: performance.now() - t0 }, false);
  return { kind: 'failed', error };
};
