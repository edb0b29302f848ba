import { KonnectorDefinition, formatPath, type Step, type StepRecord } from '@konnect/schemas';
import { EXECUTORS } from './executors';
import { CheckpointError, RunState, type Executor, type StepContext } from './run-state';
import { stepError } from './step-error';
import { stepNames, summarize } from './summary';
import type { ExecuteOptions, ExecuteResult, Flow } from './types';

const parsedDefinitions = new WeakMap<object, KonnectorDefinition>();

/** Parses (and caches per object) the definition; defaults such as onError apply here. */
function parseDefinition(definition: unknown): { ok: true; value: KonnectorDefinition } | { ok: false; message: string } {
  if (typeof definition === 'object' && definition !== null) {
    const cached = parsedDefinitions.get(definition);
    if (cached) return { ok: true, value: cached };
  }
  const parsed = KonnectorDefinition.safeParse(definition);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatPath(issue.path.map((p) => (typeof p === 'number' ? p : String(p)))) : '';
    return { ok: false, message: `The konnector definition is invalid: ${where ? `${where}: ` : ''}${issue?.message ?? 'unknown problem'}` };
  }
  if (typeof definition === 'object' && definition !== null) parsedDefinitions.set(definition, parsed.data);
  return { ok: true, value: parsed.data };
}

function bodyIds(steps: Step[], out = new Set<string>()): Set<string> {
  for (const step of steps) {
    out.add(step.id);
    if (step.type === 'repeater') bodyIds(step.steps, out);
    if (step.type === 'action' && step.errorSteps) bodyIds(step.errorSteps, out);
    if (step.type === 'path') {
      for (const b of step.branches) bodyIds(b.steps, out);
      if (step.otherwise) bodyIds(step.otherwise, out);
    }
  }
  return out;
}

/** A saved succeeded / filtered record stands in for the step: its output restores the scope. */
function restore(step: Step, ctx: StepContext, record: StepRecord): Flow {
  if (step.type === 'repeater') {
    for (const inner of ctx.run.loadedRecordsOf(bodyIds(step.steps), ctx.iteration)) ctx.run.reuse(inner);
  }
  ctx.run.reuse(record);
  if (step.type === 'return') {
    ctx.scope.steps[step.id] = record.output;
    return { kind: 'returned', stepId: step.id, output: (record.output ?? {}) as Record<string, unknown> };
  }
  if (record.status === 'filtered') {
    const reason = (record.output as { reason?: unknown } | null)?.reason;
    return { kind: 'filtered', stepId: step.id, reason: typeof reason === 'string' ? reason : 'filtered' };
  }
  ctx.scope.steps[step.id] = record.output;
  return { kind: 'next' };
}

async function runStep(step: Step, ctx: StepContext): Promise<Flow> {
  const previous = step.type === 'path' ? undefined : ctx.run.reusable(step.id, ctx.iteration);
  if (previous) return restore(step, ctx, previous);
  const executor = EXECUTORS[step.type] as Executor;
  const startedAt = ctx.run.now();
  try {
    return await executor(step, ctx);
  } catch (err) {
    if (err instanceof CheckpointError) throw err;
    const error = stepError('engine', `Internal error in step "${step.id}": ${err instanceof Error ? err.message : String(err)}`, step.id, ctx.iteration);
    await ctx.run.record({ step, iteration: ctx.iteration, status: 'failed', input: null, output: null, error, logs: [], startedAt, durationMs: 0 }, false);
    return { kind: 'failed', error };
  }
}

/** Runs a step list in order; anything but 'next' ends the list. */
async function runSteps(steps: Step[], ctx: StepContext): Promise<Flow> {
  for (const step of steps) {
    const flow = await runStep(step, ctx);
    if (flow.kind !== 'next') return flow;
  }
  return { kind: 'next' };
}

/** Test mode: steps that never ran are listed as skipped, so the builder can show every step. */
function addSkipped(steps: Step[], run: RunState, startedAt: number): void {
  const seen = new Set(run.records.map((r) => r.stepId));
  const visit = (list: Step[]) => {
    for (const step of list) {
      if (!seen.has(step.id)) {
        run.records.push({ stepId: step.id, iteration: '', type: step.type, status: 'skipped', input: null, output: null, logs: ['not reached'], attempts: 0, durationMs: 0, startedAt: new Date(startedAt).toISOString() });
      }
      if (step.type === 'repeater') visit(step.steps);
      if (step.type === 'action' && step.errorSteps) visit(step.errorSteps);
      if (step.type === 'path') {
        for (const b of step.branches) visit(b.steps);
        if (step.otherwise) visit(step.otherwise);
      }
    }
  };
  visit(steps);
}

/**
 * Executes one konnector definition for one trigger event. Resumes after the last
 * completed step: saved succeeded / filtered records are reused, never re-run (and so is an
 * action's saved failure that stands; a deferred action goes on with the attempts it spent). Records
 * are saved as they go (an action's record before the next action starts). Checkpoint
 * save failures propagate (the caller sees a crash and retries the whole execution).
 */
export async function execute(options: ExecuteOptions): Promise<ExecuteResult> {
  const definition = parseDefinition(options.definition);
  if (!definition.ok) {
    const error = stepError('config', definition.message, '', '');
    return { status: 'failed', steps: [], error, summary: summarize({ status: 'failed', steps: [], error }, 0) };
  }
  const loaded = await options.checkpoints.load();
  const run = new RunState(options, loaded, runSteps);
  const startedAt = run.now();
  const data: unknown = options.event.data;
  const flow = await runSteps(definition.value.steps, { run, scope: { trigger: data ?? {}, steps: {} }, iteration: '', inRepeater: false });
  await run.flush();
  if (run.mode === 'test') addSkipped(definition.value.steps, run, startedAt);
  const steps = run.records;
  let result: Omit<ExecuteResult, 'summary'>;
  switch (flow.kind) {
    case 'deferred':
      result = { status: 'deferred', steps, error: flow.error, retryAfterMs: flow.retryAfterMs };
      break;
    case 'failed':
      result = { status: 'failed', steps, error: flow.error };
      break;
    case 'waiting':
      result = { status: 'waiting', steps, resumeAt: flow.resumeAt, waiting: { stepId: flow.stepId, reason: flow.reason } };
      break;
    case 'filtered':
      result = run.firstContinuedError
        ? { status: 'partial', steps, error: run.firstContinuedError, filteredReason: flow.reason }
        : { status: 'filtered', steps, filteredReason: flow.reason };
      break;
    case 'next':
      result = run.firstContinuedError ? { status: 'partial', steps, error: run.firstContinuedError } : { status: 'succeeded', steps };
      break;
    case 'returned':
      result = run.firstContinuedError ? { status: 'partial', steps, error: run.firstContinuedError, output: flow.output } : { status: 'succeeded', steps, output: flow.output };
      break;
  }
  return { ...result, summary: summarize(result, run.continuedFailures, stepNames(definition.value, options.registry), run.handledFailures) };
}
