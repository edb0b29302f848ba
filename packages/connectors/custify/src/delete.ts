import { z } from 'zod';
import type { HttpClient } from '@konnect/sdk';
import { ConnectorError } from '@konnect/sdk';
import type { Endpoint } from './endpoints';
import { isRecord } from './records';
import type { CallOptions } from './request';
import { fillPath } from './request';

/**
 * The step option every delete carries. Off by default: a delete of a record Custify does not
 * have is a clear "not found" failure (a mistyped id must not look like a success).
 */
export const succeedIfAlreadyDeleted = z
  .boolean()
  .default(false)
  .meta({
    label: 'Succeed if already deleted',
    description:
      'When on, a record Custify does not have (404, or { deleted: 0 }) ends the step as succeeded with deleted: 0 and says so. When off (the default), it fails the step as "not found".',
  });

export interface DeleteSpec {
  /** What is deleted, for messages: `person with user_id "u-1"`. */
  what: string;
  /** People and companies: Custify's GDPR "forget me"; the answer must be `{ deleted: n }`. */
  gdpr: boolean;
  succeedIfAlreadyDeleted: boolean;
}

/** The step output of a delete: what Custify confirmed, in its own words and in one sentence. */
export interface DeleteOutcome extends Record<string, unknown> {
  deleted: number;
  already_deleted: boolean;
  /** One sentence for the event log: what Custify answered and what that means. */
  confirmation: string;
  custify_status: number;
  /** Custify's answer as it came back (null for a 404). */
  custify_response: unknown;
}

const MAX_SHOWN = 160;

/** A body as it can be shown in a message: type, length and the first characters. */
function describeBody(data: unknown, contentType: string | undefined): string {
  const type = contentType ? contentType.split(';')[0]!.trim() : 'no content type';
  if (data === undefined || data === null || data === '') return `an empty body (${type})`;
  const text = typeof data === 'string' ? data : (JSON.stringify(data) ?? String(data));
  const flat = text.replace(/\s+/g, ' ').trim();
  const shown = flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN)}…` : flat;
  return `${type} "${shown}"`;
}

function notFoundError(spec: DeleteSpec, endpoint: string, answer: string): ConnectorError {
  return new ConnectorError({
    kind: 'not_found',
    status: 404,
    message:
      `Custify has no ${spec.what} to delete (${endpoint} answered ${answer}); nothing was deleted. ` +
      'Check the identifier, or tick "Succeed if already deleted" if a repeated delete should pass.',
    retryable: false,
  });
}

function notConfirmed(spec: DeleteSpec, endpoint: string, status: number, body: string, expected: string): ConnectorError {
  return new ConnectorError({
    kind: 'server',
    status,
    message:
      `Custify did not confirm deleting the ${spec.what}: ${endpoint} answered ${status} with ${body}, ` +
      `not ${expected}. The deletion is NOT confirmed; check the connection's Base URL and the record in Custify.`,
    retryable: false,
  });
}

/**
 * One DELETE whose outcome is exactly what Custify answered:
 * - a JSON `{ deleted: n }` with n ≥ 1 → succeeded, and the output says what Custify confirmed;
 * - a 404 or `{ deleted: 0 }` → fails as `not_found`, unless "Succeed if already deleted" is on;
 * - any other 2xx (an HTML login page, an empty 204, text, an array…) → fails, naming what came
 *   back: a delete never reports a success Custify did not give. Non-GDPR deletes (tags,
 *   tickets, financials, time tracks) also accept another JSON object, since no public source
 *   documents their answer; the output then quotes it.
 */
export async function deleteRecord(
  http: HttpClient,
  endpoint: Endpoint,
  options: CallOptions,
  spec: DeleteSpec,
): Promise<DeleteOutcome> {
  const url = fillPath(endpoint, options.path);
  const label = `${endpoint.method} ${endpoint.path}`;
  let status: number;
  let data: unknown;
  let contentType: string | undefined;
  try {
    const res = await http.request<unknown>({
      method: endpoint.method,
      url,
      ...(options.params ? { params: options.params } : {}),
    });
    status = res.status;
    data = res.data;
    contentType = res.headers['content-type'];
  } catch (err) {
    if (!(err instanceof ConnectorError) || err.kind !== 'not_found') throw err;
    if (!spec.succeedIfAlreadyDeleted) throw notFoundError(spec, label, '404 Not Found');
    return {
      deleted: 0,
      already_deleted: true,
      confirmation: `Custify answered 404 Not Found for the ${spec.what}: nothing was deleted (already gone or never existed); the step succeeds because "Succeed if already deleted" is on.`,
      custify_status: 404,
      custify_response: null,
    };
  }

  const isJson = contentType === undefined || contentType.includes('json');
  const expected = spec.gdpr ? 'a JSON { "deleted": n }' : 'a JSON object';
  if (!isJson || !isRecord(data)) throw notConfirmed(spec, label, status, describeBody(data, contentType), expected);
  const count = data.deleted;
  if (count === undefined && !spec.gdpr) {
    return {
      deleted: 1,
      already_deleted: false,
      confirmation: `Custify answered ${status} to deleting the ${spec.what}: ${describeBody(data, contentType)}.`,
      custify_status: status,
      custify_response: data,
    };
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw notConfirmed(spec, label, status, describeBody(data, contentType), expected);
  }
  if (count === 0) {
    if (!spec.succeedIfAlreadyDeleted) throw notFoundError(spec, label, `${status} { "deleted": 0 }`);
    return {
      deleted: 0,
      already_deleted: true,
      confirmation: `Custify answered { "deleted": 0 } for the ${spec.what}: nothing was deleted (already gone or never existed); the step succeeds because "Succeed if already deleted" is on.`,
      custify_status: status,
      custify_response: data,
    };
  }
  const forget = spec.gdpr ? ' and its data (GDPR "forget me")' : '';
  return {
    deleted: count,
    already_deleted: false,
    confirmation: `Custify confirmed deleting the ${spec.what}${forget}: it answered ${status} { "deleted": ${count} }.`,
    custify_status: status,
    custify_response: data,
  };
}
