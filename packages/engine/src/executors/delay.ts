import { DELAY_UNIT_MINUTES, type DelayStep, type StepRecord } from '@konnect/schemas';
import { showValue } from '../labels';
import type { Executor, StepContext } from '../run-state';
import { stepError } from '../step-error';
import { render } from '../template';
import type { Flow } from '../types';
import { describeInZone, readDateTime } from '../zoned-time';

/** A job that comes this much before its time counts as on time (clocks of processes differ a little). */
export const DELAY_EARLY_TOLERANCE_MS = 1000;

/** What a waiting Delay record holds (its output). `wokenAt`: someone asked to resume now (run-wait.ts wakeRun). */
interface WaitingOutput {
  resumeAt: string;
  reason: string;
  wokenAt?: string;
}

/** The Delay's output once it is over: what later steps can map. */
export interface DelayOutput {
  resumeAt: string;
  resumedAt: string;
  waitedMs: number;
  resumedEarly: boolean;
}

type Target = { ok: true; at: number; reason: string; input: Record<string, unknown>; logs: string[] } | { ok: false; message: string; input: Record<string, unknown> };

function plural(n: number, unit: string): string {
  return `${n} ${n === 1 ? unit.replace(/s$/, '') : unit}`;
}

/** When this Delay ends, computed when it starts. */
function target(step: DelayStep, ctx: StepContext, now: number, logs: Set<string>): Target {
  if (step.mode === 'until') {
    const timezone = step.timezone ?? 'UTC';
    const value = render(step.at ?? '', ctx.scope, logs);
    const input = { mode: 'until', at: value, timezone };
    const read = readDateTime(value, timezone);
    if (!read.ok) return { ok: false, input, message: `Until (${step.at ?? ''}) gave ${showValue(value)}, which is not a date/time: ${read.reason}` };
    return { ok: true, at: read.at, reason: `Delay until ${describeInZone(read.at, timezone)}`, input, logs: [] };
  }
  const amount = step.amount ?? 1;
  const unit = step.unit ?? 'minutes';
  const ms = amount * DELAY_UNIT_MINUTES[unit] * 60_000;
  const scale = ctx.run.delayScale;
  const input = { mode: 'for', amount, unit };
  const extra = scale === 1 ? [] : [`test setting: delays scaled by ${scale} (KONNECT_TEST_DELAY_SCALE): waits ${Math.round(ms * scale)} ms`];
  return { ok: true, at: now + Math.round(ms * scale), reason: `Delay ${plural(amount, unit)}`, input, logs: extra };
}

function finish(step: DelayStep, ctx: StepContext, resumeAt: number, since: number, input: unknown, logs: Iterable<string>, early: boolean): Promise<StepRecord> {
  const now = ctx.run.now();
  const output: DelayOutput = { resumeAt: new Date(resumeAt).toISOString(), resumedAt: new Date(now).toISOString(), waitedMs: Math.max(0, now - since), resumedEarly: early };
  ctx.scope.steps[step.id] = output;
  return ctx.run.record({ step, iteration: ctx.iteration, status: 'succeeded', input, output, logs, startedAt: since, durationMs: 0 }, false);
}

/** A resumed run: the saved waiting record says until when; due (or woken) → over, else wait again. */
async function resume(step: DelayStep, ctx: StepContext, saved: StepRecord): Promise<Flow> {
  const output = (saved.output ?? {}) as Partial<WaitingOutput>;
  const resumeAt = Date.parse(String(output.resumeAt));
  const since = Date.parse(saved.startedAt);
  const now = ctx.run.now();
  const woken = typeof output.wokenAt === 'string';
  if (Number.isNaN(resumeAt) || woken || now >= resumeAt - DELAY_EARLY_TOLERANCE_MS) {
    const logs = [...saved.logs, woken && now < resumeAt ? `resumed early by request at ${new Date(now).toISOString()}` : `resumed at ${new Date(now).toISOString()}`];
    await finish(step, ctx, Number.isNaN(resumeAt) ? now : resumeAt, Number.isNaN(since) ? now : since, saved.input, logs, woken && now < resumeAt);
    return { kind: 'next' };
  }
  // An early or duplicate job: nothing changes, the run waits again for the same time.
  ctx.run.reuse(saved);
  return { kind: 'waiting', stepId: step.id, resumeAt, reason: String(output.reason ?? 'Delay') };
}

/**
 * Waits durably: a `waiting` record with `{ resumeAt, reason }` is saved and the run pauses (the
 * platform stores it `waiting` and delays its job; no worker is held). On resume the saved record
 * decides. A time already past goes on at once; a test run never waits (its record says what a
 * live run would have done). Output: `{ resumeAt, resumedAt, waitedMs, resumedEarly }`.
 */
export const runDelay: Executor<DelayStep> = async (step, ctx) => {
  const { run, iteration } = ctx;
  const saved = run.savedRecord(step.id, iteration);
  if (saved?.status === 'waiting') return resume(step, ctx, saved);
  const now = run.now();
  const logs = new Set<string>();
  const when = target(step, ctx, now, logs);
  if (!when.ok) {
    const error = stepError('config', when.message, step.id, iteration);
    await run.record({ step, iteration, status: 'failed', input: when.input, output: null, error, logs, startedAt: now, durationMs: 0 }, false);
    return { kind: 'failed', error };
  }
  for (const line of when.logs) logs.add(line);
  const resumeAt = new Date(when.at).toISOString();
  if (when.at <= now) {
    logs.add(`${when.reason}: that time has passed (${resumeAt}), so the run went on at once`);
    await finish(step, ctx, when.at, now, when.input, logs, false);
    return { kind: 'next' };
  }
  if (run.mode === 'test') {
    logs.add(`Test run: did not wait. A live run would wait until ${resumeAt} (${when.reason.toLowerCase()})`);
    await finish(step, ctx, when.at, now, when.input, logs, true);
    return { kind: 'next' };
  }
  logs.add(`Waiting until ${resumeAt}`);
  const output: WaitingOutput = { resumeAt, reason: when.reason };
  await run.record({ step, iteration, status: 'waiting', input: when.input, output, logs, startedAt: now, durationMs: 0 }, true);
  return { kind: 'waiting', stepId: step.id, resumeAt: when.at, reason: when.reason };
};
