import type { HttpClient } from '@konnect/sdk';
import { ENDPOINTS } from './endpoints';
import type { ApiRecord } from './records';
import { expectRecord, expectRecords, unexpectedResponse } from './records';
import { callEndpoint } from './request';

/** The person with this user_id or email, or undefined. */
export async function findPerson(
  http: HttpClient,
  key: { user_id: string } | { email: string },
): Promise<ApiRecord | undefined> {
  // Answered like /people/all: an array wrapping one `{ people: [...] }` (testmonitor/custify-client).
  const data = await callEndpoint(http, ENDPOINTS.findPeople, { params: key });
  if (!Array.isArray(data)) throw unexpectedResponse('GET /people', data);
  if (data.length === 0) return undefined;
  const envelope = expectRecord(data[0], 'GET /people');
  return expectRecords(envelope.people ?? [], 'GET /people')[0];
}

/** The person by internal id, or undefined on 404. */
export async function getPersonById(http: HttpClient, id: string): Promise<ApiRecord | undefined> {
  try {
    // GET /customer/{id} answers the bare person (custify-mcp getContact).
    return expectRecord(await callEndpoint(http, ENDPOINTS.getPerson, { path: { id } }), 'GET /customer/{id}');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A company from `{ companies: [c], total }`, by internal id or company_id; undefined if none. */
export async function findCompany(
  http: HttpClient,
  key: { id: string } | { company_id: string },
): Promise<ApiRecord | undefined> {
  try {
    const data =
      'id' in key
        ? await callEndpoint(http, ENDPOINTS.getCompany, { path: { id: key.id } })
        : await callEndpoint(http, ENDPOINTS.findCompanies, { params: { company_id: key.company_id } });
    const envelope = expectRecord(data, 'GET /company');
    return expectRecords(envelope.companies ?? [], 'GET /company')[0];
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'kind' in err && err.kind === 'not_found';
}

export interface PersonKey {
  id?: string;
  user_id?: string;
  email?: string;
}

/** The person by internal id, else by user_id, else by email; undefined when none matches. */
export async function lookupPerson(http: HttpClient, key: PersonKey): Promise<ApiRecord | undefined> {
  if (key.id) return getPersonById(http, key.id);
  const byUserId = key.user_id ? await findPerson(http, { user_id: key.user_id }) : undefined;
  if (byUserId) return byUserId;
  return key.email ? findPerson(http, { email: key.email }) : undefined;
}

export function describePersonKey(key: PersonKey): string {
  if (key.id) return `person with id "${key.id}"`;
  const parts = [
    ...(key.user_id ? [`user_id "${key.user_id}"`] : []),
    ...(key.email ? [`email "${key.email}"`] : []),
  ];
  return `person with ${parts.join(' or ')}`;
}
