import { DEFAULT_MAX_ITERATIONS, MAX_ITERATIONS, type RepeaterStep, type Step } from '@konnect/schemas';
import { showValue } from '../labels';
import type { Executor } from '../run-state';
import type { Scope } from '../scope';
import { stepError } from '../step-error';
import { render } from '../template';

/** The output of the last body step that produced one in an iteration (null if none did). */
function lastOutput(body: Step[], scope: Scope): unknown {
  for (let i = body.length - 1; i >= 0; i--) {
    const id = body[i]?.id;
    if (id !== undefined && Object.hasOwn(scope.steps, id)) return scope.steps[id];
  }
  return null;
}

/**
 * Runs the body once per item with `loop.item` / `loop.index`. Each iteration's records
 * carry its iteration string; a filter (or unmatched path) inside ends only that
 * iteration. Past `maxIterations` (hard ceiling MAX_ITERATIONS) the remaining items are
 * not processed and the record says so. Output: `{ count, items }`, one entry per
 * iteration with its last step's output.
 */
export const runRepeater: Executor<RepeaterStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const startedAt = run.now();
  const t0 = performance.now();
  const logs = new Set<string>();
  const items = render(step.items, scope, logs);
  if (!Array.isArray(items)) {
    const error = stepError('config', `Items ${step.items} must be a list, got ${showValue(items)}`, step.id, iteration);
    await run.record({ step, iteration, status: 'failed', input: { items: step.items }, output: null, error, logs, startedAt, durationMs: performance.now() - t0 }, false);
    return { kind: 'failed', error };
  }
  const limit = Math.min(step.maxIterations ?? DEFAULT_MAX_ITERATIONS, MAX_ITERATIONS);
  const count = Math.min(items.length, limit);
  if (items.length > limit) {
    logs.add(`warning: ${items.length} items but maxIterations is ${limit}; only the first ${limit} were processed`);
  }
  const outputs: unknown[] = [];
  for (let index = 0; index < count; index++) {
    const inner: Scope = { trigger: scope.trigger, steps: { ...scope.steps }, loop: { item: items[index], index } };
    const flow = await run.runSteps(step.steps, {
      run,
      scope: inner,
      iteration: iteration === '' ? String(index) : `${iteration}/${index}`,
      inRepeater: true,
    });
    if (flow.kind === 'deferred' || flow.kind === 'waiting') return flow;
    if (flow.kind === 'failed') {
      await run.record(
        { step, iteration, status: 'failed', input: { items: items.length, processed: index }, output: null, error: flow.error, logs, startedAt, durationMs: performance.now() - t0 },
        false,
      );
      return flow;
    }
    outputs.push(lastOutput(step.steps, inner));
  }
  const output = { count, items: outputs };
  scope.steps[step.id] = output;
  await run.record(
    { step, iteration, status: 'succeeded', input: { items: items.length, processed: count }, output, logs, startedAt, durationMs: performance.now() - t0 },
    false,
  );
  return { kind: 'next' };
};
