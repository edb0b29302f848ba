/**
 * The HTTP answers of a Catch Hook that responds from the konnector (documented in docs/hooks.md):
 * the Respond step's answer, with Konnect's security headers that no step can replace; or the
 * default when the run did not answer: 202 `{ runId, status }` (it ended succeeded, filtered or
 * partial, or it waits on a Delay), 500 `{ error, runId }` (it failed first), 504 `{ error, runId }`
 * (no answer in time; the run goes on).
 */
import { HEADER_NAME, refusedHeaderReason } from '@konnect/schemas';
import { jsonAnswer, type HookAnswer } from './hook-answer';

/** On every answer a konnector gives: the body is never run as a page of Konnect's origin, never sniffed. */
export const ANSWER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
};

const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const NO_BODY = new Set([204, 205, 304]);

const json = (status: number, body: unknown) => jsonAnswer(status, body, ANSWER_SECURITY_HEADERS);

export function answerResponse(answer: { status: number; headers: Record<string, string>; contentType: string; body: string }): HookAnswer {
  // Lower-case names, as web Headers kept them: a step's "X-Order" and "x-order" are one header, the last one wins.
  const headers: Record<string, string> = {};
  // Checked when the step ran; checked again here, so a stored row can never set what a step may not.
  for (const [name, value] of Object.entries(answer.headers)) {
    if (HEADER_NAME.test(name) && !refusedHeaderReason(name) && HEADER_VALUE.test(value)) headers[name.toLowerCase()] = value;
  }
  headers['cache-control'] ??= 'no-store';
  const status = answer.status >= 200 && answer.status <= 599 ? answer.status : 500;
  if (!NO_BODY.has(status)) headers['content-type'] = HEADER_VALUE.test(answer.contentType) ? answer.contentType : 'application/octet-stream';
  Object.assign(headers, ANSWER_SECURITY_HEADERS);
  return { status, headers, body: NO_BODY.has(status) ? null : answer.body };
}

export function defaultResponse(runId: string, status: string, error?: string): HookAnswer {
  if (status === 'succeeded' || status === 'filtered' || status === 'partial' || status === 'waiting') return json(202, { runId, status });
  if (status === 'failed') return json(500, { error: error ?? 'The konnector failed before it responded', runId });
  return json(500, { error: `The run ended ${status} before it responded`, runId });
}

export function timeoutResponse(runId: string, seconds: number): HookAnswer {
  return json(504, { error: `The konnector did not respond within ${seconds} s`, runId });
}
