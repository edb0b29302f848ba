/**
 * Respond to Hook: renders the answer (status, headers, a JSON or text body templated from the
 * run's data) and hands it to the platform, which delivers it to the caller still waiting on the
 * Catch Hook; the run goes on. A run answers once: when an earlier step already answered, this
 * one is recorded as skipped with the reason, and the run goes on. In a test run (or without a
 * responder) nothing is sent: the record shows the answer the caller would get.
 */
import { MAX_RESPOND_BODY_BYTES, refusedHeaderReason, type RespondStep, type StepError } from '@konnect/schemas';
import type { Executor } from '../run-state';
import type { Scope } from '../scope';
import { stepError } from '../step-error';
import { render, renderValue, toText } from '../template';

/** Statuses whose answers carry no body (RFC 9110). */
const NO_BODY = new Set([204, 205, 304]);
/** What a header value may hold: visible Latin-1 and spaces/tabs, no line breaks (no header injection). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export type RenderedAnswer =
  | { ok: true; status: number; headers: Record<string, string>; contentType: string; body: string; value: unknown; logs: Set<string> }
  | { ok: false; message: string; logs: Set<string> };

/** The answer a Respond step gives in this scope, or why it cannot be sent. */
export function renderAnswer(step: RespondStep, scope: Scope): RenderedAnswer {
  const logs = new Set<string>();
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(step.headers)) {
    const reason = refusedHeaderReason(name);
    if (reason) return { ok: false, message: `Header ${name} cannot be set: it ${reason}`, logs };
    const value = toText(render(template, scope, logs)).trim();
    if (!HEADER_VALUE.test(value)) return { ok: false, message: `Header ${name}: the value holds a line break or a character a header cannot carry`, logs };
    if (value === '') {
      logs.add(`header ${name} is empty and was left out`);
      continue;
    }
    headers[name] = value;
  }
  let value: unknown;
  let body: string;
  let contentType: string;
  if (step.body.kind === 'json') {
    value = renderValue(step.body.value, scope, logs) ?? null;
    body = JSON.stringify(value) ?? 'null';
    contentType = 'application/json; charset=utf-8';
  } else {
    body = toText(render(step.body.value, scope, logs));
    value = body;
    contentType = step.body.contentType ?? 'text/plain; charset=utf-8';
  }
  if (NO_BODY.has(step.status) && body !== '' && body !== '{}' && body !== 'null') logs.add(`status ${step.status} carries no body: the body was left out`);
  if (NO_BODY.has(step.status)) {
    body = '';
    value = null;
  }
  const bytes = new TextEncoder().encode(body).length;
  if (bytes > MAX_RESPOND_BODY_BYTES) {
    return { ok: false, message: `The body is ${Math.ceil(bytes / 1024)} KB; an answer holds at most ${MAX_RESPOND_BODY_BYTES / 1024} KB`, logs };
  }
  return { ok: true, status: step.status, headers, contentType, body, value, logs };
}

export const runRespond: Executor<RespondStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const startedAt = run.now();
  const t0 = performance.now();
  const answer = renderAnswer(step, scope);
  if (!answer.ok) {
    const error = stepError('config', answer.message, step.id, iteration);
    await run.record({ step, iteration, status: 'failed', input: null, output: null, error, logs: answer.logs, startedAt, durationMs: performance.now() - t0 }, false);
    return { kind: 'failed', error };
  }
  const output = { status: answer.status, headers: answer.headers, contentType: answer.contentType, body: answer.value };
  const earlier = run.records.find((r) => r.type === 'respond' && r.status === 'succeeded' && r.stepId !== step.id);
  if (earlier) return skipped(step, ctx, earlier.stepId, output, answer.logs, startedAt, t0);
  if (run.mode === 'test' || !run.respond) {
    answer.logs.add(run.mode === 'test' ? 'Test run: nothing was sent; this is the answer the caller would get' : 'Nobody waits for this answer (a replay, or a trigger that does not respond from the konnector): it was only recorded');
    scope.steps[step.id] = output;
    await run.record({ step, iteration, status: 'succeeded', input: null, output: { ...output, sent: false }, logs: answer.logs, startedAt, durationMs: performance.now() - t0 }, false);
    return { kind: 'next' };
  }
  let answeredBy: string;
  try {
    ({ answeredBy } = await run.respond({ stepId: step.id, iteration, status: answer.status, headers: answer.headers, contentType: answer.contentType, body: answer.body }));
  } catch (err) {
    const error: StepError = { ...stepError('server', `The answer could not be delivered: ${err instanceof Error ? err.message : String(err)}`, step.id, iteration), retryable: false };
    await run.record({ step, iteration, status: 'failed', input: null, output: null, error, logs: answer.logs, startedAt, durationMs: performance.now() - t0 }, false);
    return { kind: 'failed', error };
  }
  if (answeredBy !== step.id) return skipped(step, ctx, answeredBy, output, answer.logs, startedAt, t0);
  scope.steps[step.id] = output;
  // The answer itself is durable (the platform stored it before handing it on): this record may wait for the next write.
  await run.record({ step, iteration, status: 'succeeded', input: null, output: { ...output, sent: true, sentAt: new Date(run.now()).toISOString() }, logs: answer.logs, startedAt, durationMs: performance.now() - t0 }, false);
  return { kind: 'next' };
};

/** A second answer in one run: not sent, recorded as skipped with the reason; the run goes on. */
async function skipped(step: RespondStep, ctx: Parameters<Executor<RespondStep>>[1], by: string, output: Record<string, unknown>, logs: Set<string>, startedAt: number, t0: number) {
  const { run, scope, iteration } = ctx;
  logs.add(`Not sent: the caller was already answered by step "${by}" (a run answers once)`);
  scope.steps[step.id] = { ...output, sent: false };
  await run.record({ step, iteration, status: 'skipped', input: null, output: { ...output, sent: false, answeredBy: by }, logs, startedAt, durationMs: performance.now() - t0 }, false);
  return { kind: 'next' } as const;
}
