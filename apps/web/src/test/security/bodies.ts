/**
 * A valid request body for each endpoint that takes one, so a call gets past validation to the
 * lookup of the ids it addresses (cross-tenant), and the fuzz can mutate a good body one field
 * at a time instead of only sending noise.
 */
import { uniqueSuffix } from '@konnect/db/testing';
import { HOOK_DEFINITION } from '../konnectors';
import type { Endpoint } from './routes';

const WS = '/api/v1/workspaces/[workspaceId]';

export interface BodyContext {
  simUrl: string;
  /** A connection id to reference from bodies (the caller's own, or another workspace's). */
  connectionId: string;
}

/** A complete Create Note input: with it, a connection is all a draft can lack. */
export const NOTE_INPUT = { entity: '0123456789abcdef01234567', entityModel: 'People', subject: 'Hello', text: 'hi' };

const custifyDraft = (connectionId: string) => ({
  trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
  steps: [{ type: 'action', id: 'a1', connector: 'custify', action: 'create_note', connectionId, input: NOTE_INPUT, onError: 'stop' }],
});

const BODIES: Record<string, (c: BodyContext) => unknown> = {
  'POST /api/v1/auth/signup': () => ({ name: 'Fuzz', email: `fuzz-${uniqueSuffix()}@example.test`, password: 'correct horse battery' }),
  'POST /api/v1/auth/verify-email': () => ({ token: 'x'.repeat(43) }),
  'POST /api/v1/auth/password-reset': () => ({ email: `fuzz-${uniqueSuffix()}@example.test` }),
  'POST /api/v1/auth/password-reset/confirm': () => ({ token: 'x'.repeat(43), password: 'correct horse battery' }),
  'POST /api/v1/account/password': () => ({ currentPassword: 'not the password', newPassword: 'correct horse battery 2' }),
  'POST /api/v1/account/email': () => ({ email: `fuzz-${uniqueSuffix()}@example.test`, password: 'not the password' }),
  'POST /api/v1/invitations/accept': () => ({ token: 'x'.repeat(43) }),
  'POST /api/v1/invitations/decline': () => ({ token: 'x'.repeat(43) }),
  'POST /api/v1/workspaces': () => ({ name: 'Another workspace' }),
  [`PATCH ${WS}`]: () => ({ name: 'Renamed workspace' }),
  [`POST ${WS}/connections`]: (c) => ({ connectorKey: 'custify', name: 'Custify 2', fields: { apiKey: 'demo-custify-key', baseUrl: c.simUrl } }),
  [`PATCH ${WS}/connections/[connectionId]`]: () => ({ name: 'Renamed connection' }),
  [`POST ${WS}/konnectors`]: () => ({ name: 'Konnector 2', definition: HOOK_DEFINITION }),
  [`PATCH ${WS}/konnectors/[konnectorId]`]: () => ({ name: 'Renamed konnector' }),
  [`POST ${WS}/konnectors/[konnectorId]/activate`]: () => ({}),
  [`POST ${WS}/konnectors/[konnectorId]/test`]: () => ({ sample: { order: 1 } }),
  [`POST ${WS}/konnectors/[konnectorId]/publish`]: () => ({}),
  [`POST ${WS}/konnectors/import`]: () => ({ format: 'konnect.konnector/v1', name: 'Imported', definition: HOOK_DEFINITION }),
  [`POST ${WS}/konnectors/validate`]: (c) => ({ draft: custifyDraft(c.connectionId) }),
  [`POST ${WS}/konnectors/test`]: (c) => ({ draft: custifyDraft(c.connectionId), sample: { order: 1 } }),
  [`POST ${WS}/trigger-samples`]: (c) => ({ connector: 'custify', event: 'person_created', connectionId: c.connectionId, input: {} }),
  [`POST ${WS}/code-runs`]: () => ({ source: 'return { ok: true };', input: {} }),
  [`POST ${WS}/members`]: () => ({ email: `invitee-${uniqueSuffix()}@example.test`, role: 'member' }),
  [`PATCH ${WS}/members/[memberId]`]: () => ({ role: 'member' }),
  [`POST ${WS}/runs/[runId]/replay`]: () => ({ mode: 'from_start' }),
  [`POST ${WS}/tokens`]: () => ({ name: 'Token 2' }),
  [`POST ${WS}/storage`]: () => ({ key: `fuzz-${uniqueSuffix()}`, value: { n: 1 } }),
  [`PUT ${WS}/storage/[entryId]`]: () => ({ value: 'edited' }),
  'POST /hooks/[token]': () => ({ order: 7 }),
};

/** The endpoint's valid body, or undefined when it takes none (or none is known). */
export function validBody(endpoint: Endpoint, c: BodyContext): unknown {
  return BODIES[endpoint.label]?.(c);
}

/** Endpoints that take a body (non-GET route() handlers with a body schema, and the hook). */
export function takesBody(endpoint: Endpoint): boolean {
  if (endpoint.method === 'GET') return false;
  if (endpoint.access === undefined) return true;
  return (endpoint.handler as { doc?: { body?: unknown } }).doc?.body !== undefined;
}

export function hasKnownBody(endpoint: Endpoint): boolean {
  return endpoint.label in BODIES;
}
