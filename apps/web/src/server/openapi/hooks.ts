/**
 * POST /hooks/{token}, the Catch Hook, written out by hand: it is not an /api/v1 route (no session,
 * no API token: the token in the URL is the credential) and answers in its own shapes. With
 * "Respond from the konnector" on, the caller gets the run's answer or a documented default
 * (docs/hooks.md).
 */
import type { JsonSchema } from './schemas';

const json = (description: string, schema: JsonSchema) => ({ description, content: { 'application/json': { schema } } });
const hookError = { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } }, required: ['error'] };
const runError = { type: 'object', properties: { error: { type: 'string' }, runId: { type: 'string' } }, required: ['error', 'runId'] };

export function hookOperation(): Record<string, JsonSchema> {
  return {
    post: {
      operationId: 'post_hooks_by_token',
      summary: 'Catch Hook: start a run of the konnector behind this URL',
      description:
        'Served by the hook ingress (its own address, the `webhookUrl` the API returns) or by the web app itself. ' +
        'JSON, form or multipart body up to 256 KB; an `Idempotency-Key` header makes repeats answer with the first run. ' +
        'Without "Respond from the konnector": 202 `{ runId }` at once. With it, the call waits (the trigger\'s timeout, 1–120 s, default 30) and gets ' +
        'the status, headers and body of the konnector\'s Respond to Hook step, with `Content-Security-Policy: default-src \'none\'; sandbox` and ' +
        '`X-Content-Type-Options: nosniff` always set; when the run ends without answering: 202 `{ runId, status }` (succeeded, filtered, partial, or waiting on a Delay); ' +
        '500 `{ error, runId }` when it failed first (the step and kind of failure, never the app\'s message); 504 `{ error, runId }` when the wait is over (the run goes on).',
      tags: ['hooks'],
      security: [],
      parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' }, description: 'The konnector\'s webhook token' }],
      requestBody: { required: false, content: { 'application/json': { schema: {} }, 'application/x-www-form-urlencoded': { schema: {} }, 'multipart/form-data': { schema: {} } } },
      responses: {
        '2XX': { description: 'Respond from the konnector: the answer of the Respond to Hook step (any status 200–599 it sets, with its headers and body)' },
        '202': json('Accepted: the run is queued (`{ runId }`), or, when responding from the konnector, it ended without answering (`{ runId, status }`)', {
          type: 'object',
          properties: { runId: { type: 'string' }, status: { type: 'string' } },
          required: ['runId'],
        }),
        '400': json('The body cannot be read or stored (the field is named)', hookError),
        '404': json('No active hook at this address', hookError),
        '413': json('Body larger than 256 KB', hookError),
        '429': json('Too many calls to this hook (its trigger\'s `rateLimit`, else the instance default of 100/s, burst 200), to all the hooks of its workspace together, or the workspace\'s queue is full (`Retry-After`)', hookError),
        '500': json('Respond from the konnector: the run failed before it answered', runError),
        '503': json('Konnect cannot take the call right now (`Retry-After`)', hookError),
        '504': json('Respond from the konnector: no answer within the timeout; the run goes on', runError),
      },
    },
  };
}
