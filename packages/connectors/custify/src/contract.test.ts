import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { custify } from './index';
import type { Answer, Recorded, Recorder } from './recorder.fixture';
import { startRecorder } from './recorder.fixture';

/**
 * Contract tests: every action and trigger runs once against a plain recorder (not the
 * simulator), and each request must equal the documented one — method, path, query, the keys of
 * the body and its content type. The expectations are written out here from the sources
 * (CustifyOfficial/custify-mcp, testmonitor/custify-client, docs.custify.com, the product page;
 * see endpoints.ts), not read from endpoints.ts, so a wrong path there fails a test here.
 * docs/custify.md names each test in its tables.
 */
const ID = '5f0c1a2b3c4d5e6f70819203';
const CO = '5f0c1a2b3c4d5e6f70819204';
const JSON_TYPE = 'application/json';
const record = { id: ID, name: 'x', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' };

/** What a Custify-shaped server answers: enough for every action and trigger to finish. */
function custifyLike(req: Recorded): Answer {
  const { method, path } = req;
  if (method === 'DELETE') return { status: 200, json: { deleted: 1 } };
  if (method !== 'GET') return { status: 200, json: record };
  if (path === '/people/all' || path === '/people') return { status: 200, json: [{ people: [record], total: 1, page: 1, pages: 1 }] };
  if (path.startsWith('/customer/')) return { status: 200, json: record };
  if (path.startsWith('/company')) return { status: 200, json: { companies: [record], total: 1 } };
  if (path === '/health_score/simple') return { status: 200, json: [record] };
  const key: Record<string, string> = {
    '/note': 'notes',
    '/task': 'tasks',
    '/ticket': 'tickets',
    '/file': 'files',
    '/survey': 'surveys',
    '/time_track': 'time_tracks',
    '/calendar/meeting': 'meetings',
    '/segment': 'segments',
    '/lifecycle': 'lifecycles',
    '/playbook': 'playbooks',
    '/objective': 'objectives',
    '/tag': 'tags',
  };
  return { status: 200, json: { [key[path] ?? 'items']: [record], total: 1, page: 1, pages: 1 } };
}

interface Expected {
  method: string;
  path: string;
  /** Exact query (omitted = none). */
  query?: Record<string, string>;
  /** Exact sorted body keys (omitted = no body). */
  body?: string[];
  /** Content type prefix when there is a body (default application/json). */
  type?: string;
}

type Row = [name: string, key: string, input: Record<string, unknown>, requests: Expected[]];

const fin = (kind: string, extra: string[]): Row[] => [
  [`create_financial_${kind} → POST /financial/${kind}`, `create_financial_${kind}`, { externalId: 'E-1', entity: CO }, [{ method: 'POST', path: `/financial/${kind}`, body: ['entity', 'externalId'] }]],
  [`update_financial_${kind} by id → POST /financial/${kind}/{entity}`, `update_financial_${kind}`, { id: ID, ...Object.fromEntries(extra.map((k) => [k, 'USD'])) }, [{ method: 'POST', path: `/financial/${kind}/${ID}`, body: extra }]],
  [`update_financial_${kind} by externalId → POST /financial/${kind}`, `update_financial_${kind}`, { externalId: 'E-1' }, [{ method: 'POST', path: `/financial/${kind}`, body: ['externalId'] }]],
  [`upsert_financial_${kind} by externalId → POST /financial/${kind}`, `upsert_financial_${kind}`, { externalId: 'E-1', entity: CO }, [{ method: 'POST', path: `/financial/${kind}`, body: ['entity', 'externalId'] }]],
  [`delete_financial_${kind} by externalId → DELETE /financial/${kind}?externalId=`, `delete_financial_${kind}`, { externalId: 'E-1' }, [{ method: 'DELETE', path: `/financial/${kind}`, query: { externalId: 'E-1' } }]],
  [`delete_financial_${kind} by id → DELETE /financial/${kind}/{entity}`, `delete_financial_${kind}`, { id: ID }, [{ method: 'DELETE', path: `/financial/${kind}/${ID}` }]],
];

export const ACTION_CONTRACTS: Row[] = [
  ['create_person → POST /people', 'create_person', { user_id: 'u-1', name: 'Ann' }, [{ method: 'POST', path: '/people', body: ['name', 'user_id'] }]],
  ['update_person by id → POST /customer', 'update_person', { id: ID, name: 'Ann' }, [{ method: 'POST', path: '/customer', body: ['id', 'name'] }]],
  ['update_person by user_id → GET /people?user_id= then POST /customer', 'update_person', { user_id: 'u-1', name: 'Ann' }, [
    { method: 'GET', path: '/people', query: { user_id: 'u-1' } },
    { method: 'POST', path: '/customer', body: ['id', 'name', 'user_id'] },
  ]],
  ['upsert_person without id → POST /people', 'upsert_person', { email: 'a@b.co', name: 'Ann' }, [{ method: 'POST', path: '/people', body: ['email', 'name'] }]],
  ['upsert_person with id → POST /customer', 'upsert_person', { id: ID, name: 'Ann' }, [{ method: 'POST', path: '/customer', body: ['id', 'name'] }]],
  ['get_person by id → GET /customer/{id}', 'get_person', { id: ID }, [{ method: 'GET', path: `/customer/${ID}` }]],
  ['get_person by email → GET /people?email=', 'get_person', { email: 'a@b.co' }, [{ method: 'GET', path: '/people', query: { email: 'a@b.co' } }]],
  ['delete_person by id → DELETE /people/{id}', 'delete_person', { id: ID }, [{ method: 'DELETE', path: `/people/${ID}` }]],
  ['delete_person by user_id → DELETE /people?user_id=', 'delete_person', { user_id: 'u-1' }, [{ method: 'DELETE', path: '/people', query: { user_id: 'u-1' } }]],
  ['add_remove_person_tag → PATCH /tag/entity', 'add_remove_person_tag', { person_ids: ID, tag: 'vip', type: 'add' }, [{ method: 'PATCH', path: '/tag/entity', body: ['category', 'ids', 'tag', 'type'] }]],
  ['insert_event → POST /event', 'insert_event', { name: 'login', user_id: 'u-1' }, [{ method: 'POST', path: '/event', body: ['deduplication_id', 'name', 'user_id'] }]],
  ['create_company → POST /company', 'create_company', { company_id: 'c-1', name: 'Acme' }, [{ method: 'POST', path: '/company', body: ['company_id', 'name'] }]],
  ['update_company by id → POST /company with id', 'update_company', { id: CO, name: 'Acme' }, [{ method: 'POST', path: '/company', body: ['id', 'name'] }]],
  ['update_company by company_id → GET /company?company_id= then POST /company', 'update_company', { company_id: 'c-1', name: 'Acme' }, [
    { method: 'GET', path: '/company', query: { company_id: 'c-1' } },
    { method: 'POST', path: '/company', body: ['company_id', 'id', 'name'] },
  ]],
  ['upsert_company → POST /company', 'upsert_company', { company_id: 'c-1', name: 'Acme' }, [{ method: 'POST', path: '/company', body: ['company_id', 'name'] }]],
  ['get_company by id → GET /company/{id}', 'get_company', { id: CO }, [{ method: 'GET', path: `/company/${CO}` }]],
  ['get_company by company_id → GET /company?company_id=', 'get_company', { company_id: 'c-1' }, [{ method: 'GET', path: '/company', query: { company_id: 'c-1' } }]],
  ['delete_company by id → DELETE /company/{id}', 'delete_company', { id: CO }, [{ method: 'DELETE', path: `/company/${CO}` }]],
  ['delete_company by company_id → DELETE /company?company_id=', 'delete_company', { company_id: 'c-1' }, [{ method: 'DELETE', path: '/company', query: { company_id: 'c-1' } }]],
  ['create_note → POST /note', 'create_note', { entity: CO, entityModel: 'Company', subject: 'S', text: 'T' }, [{ method: 'POST', path: '/note', body: ['entity', 'entityModel', 'subject', 'text'] }]],
  ['update_note → POST /note/{id}', 'update_note', { id: ID, text: 'T' }, [{ method: 'POST', path: `/note/${ID}`, body: ['text'] }]],
  ['upsert_note without id → POST /note', 'upsert_note', { entity: CO, entityModel: 'Company', subject: 'S', text: 'T' }, [{ method: 'POST', path: '/note', body: ['entity', 'entityModel', 'subject', 'text'] }]],
  ['create_tag → POST /tag', 'create_tag', { name: 'vip', category: 'people' }, [{ method: 'POST', path: '/tag', body: ['category', 'name'] }]],
  ['update_tag → POST /tag/{id}', 'update_tag', { id: ID, color: '#fff' }, [{ method: 'POST', path: `/tag/${ID}`, body: ['color'] }]],
  ['upsert_tag without id → POST /tag (no look-up)', 'upsert_tag', { name: 'vip', category: 'people' }, [{ method: 'POST', path: '/tag', body: ['category', 'name'] }]],
  ['upsert_tag with id → POST /tag/{id}', 'upsert_tag', { id: ID, name: 'vip', category: 'people' }, [{ method: 'POST', path: `/tag/${ID}`, body: ['category', 'name'] }]],
  ['delete_tag → DELETE /tag/{id}', 'delete_tag', { id: ID }, [{ method: 'DELETE', path: `/tag/${ID}` }]],
  ['add_remove_entity_tag → PATCH /tag/entity', 'add_remove_entity_tag', { category: 'company', ids: [CO], tag: 'vip', type: 'remove' }, [{ method: 'PATCH', path: '/tag/entity', body: ['category', 'ids', 'tag', 'type'] }]],
  ['assign_nps_score → POST /nps_score/{entity}', 'assign_nps_score', { person_id: ID, score: 9 }, [{ method: 'POST', path: `/nps_score/${ID}`, body: ['score'] }]],
  ['assign_csat_score → POST /csat_score/{entity}', 'assign_csat_score', { person_id: ID, score: 4 }, [{ method: 'POST', path: `/csat_score/${ID}`, body: ['score'] }]],
  ['create_ticket → POST /ticket', 'create_ticket', { externalId: 'T-1', entity: ID, entityModel: 'People', subject: 'S' }, [{ method: 'POST', path: '/ticket', body: ['entity', 'entityModel', 'externalId', 'subject'] }]],
  ['update_ticket → PATCH /ticket/external/{externalId}', 'update_ticket', { externalId: 'T-1', status: 'closed' }, [{ method: 'PATCH', path: '/ticket/external/T-1', body: ['status'] }]],
  ['delete_ticket → DELETE /ticket/external/{externalId}', 'delete_ticket', { externalId: 'T-1' }, [{ method: 'DELETE', path: '/ticket/external/T-1' }]],
  ['reply_to_ticket → POST /ticket/external/{externalId}/reply', 'reply_to_ticket', { externalId: 'T-1', body: 'Hi' }, [{ method: 'POST', path: '/ticket/external/T-1/reply', body: ['body'] }]],
  ['create_task → POST /task with company', 'create_task', { name: 'Call', entity: CO, entityModel: 'Company' }, [{ method: 'POST', path: '/task', body: ['company', 'name'] }]],
  ['create_task on a person → POST /task with people', 'create_task', { name: 'Call', entity: ID, entityModel: 'People' }, [{ method: 'POST', path: '/task', body: ['name', 'people'] }]],
  ['update_task → PUT /task/{id}', 'update_task', { id: ID, status: 'done' }, [{ method: 'PUT', path: `/task/${ID}`, body: ['status'] }]],
  ['create_comment → POST /comment/{entityModel}/{entity}', 'create_comment', { entity: CO, entityModel: 'Company', text: 'T' }, [{ method: 'POST', path: `/comment/Company/${CO}`, body: ['text'] }]],
  ['update_comment → POST /comment/{entityModel}/{entity} with id', 'update_comment', { entity: CO, entityModel: 'Company', id: ID, text: 'T' }, [{ method: 'POST', path: `/comment/Company/${CO}`, body: ['id', 'text'] }]],
  ['upsert_comment without id → POST /comment/{entityModel}/{entity}', 'upsert_comment', { entity: CO, entityModel: 'Company', text: 'T' }, [{ method: 'POST', path: `/comment/Company/${CO}`, body: ['text'] }]],
  ['upload_file → POST /file multipart', 'upload_file', { entity: CO, entityModel: 'Company', filename: 'a.txt', content: 'aGk=' }, [{ method: 'POST', path: '/file', body: ['entity', 'entityModel', 'file'], type: 'multipart/form-data' }]],
  ['unlink_file → POST /file/unlink', 'unlink_file', { id: ID }, [{ method: 'POST', path: '/file/unlink', body: ['id'] }]],
  ['set_file_portal → PUT /file/{id}/showInPortal', 'set_file_portal', { id: ID, showInPortal: true }, [{ method: 'PUT', path: `/file/${ID}/showInPortal`, body: ['showInPortal'] }]],
  ...fin('deal', ['currency']),
  ...fin('invoice', ['currency']),
  ...fin('subscription', ['currency']),
  ['create_time_track → POST /time_track', 'create_time_track', { entity: CO, entityModel: 'Company', minutes: 30 }, [{ method: 'POST', path: '/time_track', body: ['entity', 'entityModel', 'minutes'] }]],
  ['update_time_track → POST /time_track/{id}', 'update_time_track', { id: ID, minutes: 45 }, [{ method: 'POST', path: `/time_track/${ID}`, body: ['minutes'] }]],
  ['delete_time_track → DELETE /time_track?id=', 'delete_time_track', { id: ID }, [{ method: 'DELETE', path: '/time_track', query: { id: ID } }]],
];

const sorting = (field: string) => JSON.stringify({ field, direction: 'desc' });
const page = (perPage = 100, extra: Record<string, string> = {}) => ({ page: '1', itemsPerPage: String(perPage), ...extra });

type TriggerRow = [name: string, key: string, input: Record<string, unknown>, request: Expected];

export const TRIGGER_CONTRACTS: TriggerRow[] = [
  ['person_created → GET /people/all sorted by created_at', 'person_created', {}, { method: 'GET', path: '/people/all', query: page(100, { sorting: sorting('created_at') }) }],
  ['person_updated → GET /people/all sorted by updated_at', 'person_updated', {}, { method: 'GET', path: '/people/all', query: page(100, { sorting: sorting('updated_at') }) }],
  ['note_created → GET /note', 'note_created', {}, { method: 'GET', path: '/note', query: page() }],
  ['note_updated → GET /note', 'note_updated', {}, { method: 'GET', path: '/note', query: page() }],
  ['task_created → GET /task sorted, 50 per page', 'task_created', {}, { method: 'GET', path: '/task', query: page(50, { sorting: sorting('created_at') }) }],
  ['task_updated → GET /task sorted, 50 per page', 'task_updated', {}, { method: 'GET', path: '/task', query: page(50, { sorting: sorting('updated_at') }) }],
  ['ticket_created → GET /ticket', 'ticket_created', {}, { method: 'GET', path: '/ticket', query: page() }],
  ['ticket_updated → GET /ticket', 'ticket_updated', {}, { method: 'GET', path: '/ticket', query: page() }],
  ['file_created → GET /file', 'file_created', {}, { method: 'GET', path: '/file', query: page() }],
  ['survey_created → GET /survey', 'survey_created', {}, { method: 'GET', path: '/survey', query: page() }],
  ['time_track_created → GET /time_track', 'time_track_created', {}, { method: 'GET', path: '/time_track', query: page() }],
  ['time_track_updated → GET /time_track', 'time_track_updated', {}, { method: 'GET', path: '/time_track', query: page() }],
  ['meeting_created → GET /calendar/meeting', 'meeting_created', {}, { method: 'GET', path: '/calendar/meeting', query: page() }],
  ['meeting_updated → GET /calendar/meeting', 'meeting_updated', {}, { method: 'GET', path: '/calendar/meeting', query: page() }],
  ['health_score_created → GET /health_score/simple', 'health_score_created', {}, { method: 'GET', path: '/health_score/simple', query: page() }],
  ['health_score_updated → GET /health_score/simple', 'health_score_updated', {}, { method: 'GET', path: '/health_score/simple', query: page() }],
  ['segment_created → GET /segment?type=companies', 'segment_created', {}, { method: 'GET', path: '/segment', query: page(100, { type: 'companies' }) }],
  ['segment_updated (people) → GET /segment?type=people', 'segment_updated', { type: 'people' }, { method: 'GET', path: '/segment', query: page(100, { type: 'people' }) }],
  ['lifecycle_created → GET /lifecycle', 'lifecycle_created', {}, { method: 'GET', path: '/lifecycle', query: page() }],
  ['lifecycle_updated → GET /lifecycle', 'lifecycle_updated', {}, { method: 'GET', path: '/lifecycle', query: page() }],
  ['playbook_created (people) → GET /playbook?type=people', 'playbook_created', { type: 'people' }, { method: 'GET', path: '/playbook', query: page(100, { type: 'people' }) }],
  ['playbook_updated → GET /playbook?type=companies', 'playbook_updated', {}, { method: 'GET', path: '/playbook', query: page(100, { type: 'companies' }) }],
  ['customer_objective_created → GET /objective?sort=created_at&order=desc', 'customer_objective_created', {}, { method: 'GET', path: '/objective', query: page(100, { sort: 'created_at', order: 'desc' }) }],
  ['customer_objective_updated → GET /objective?sort=updated_at&order=desc', 'customer_objective_updated', {}, { method: 'GET', path: '/objective', query: page(100, { sort: 'updated_at', order: 'desc' }) }],
];

function expectRequest(got: Recorded | undefined, want: Expected): void {
  expect(got, `a ${want.method} ${want.path} request`).toBeDefined();
  expect({ method: got?.method, path: got?.path, query: got?.query }).toEqual({
    method: want.method,
    path: want.path,
    query: want.query ?? {},
  });
  expect(got?.bodyKeys ?? null).toEqual(want.body ?? null);
  if (want.body) expect(got?.contentType?.startsWith(want.type ?? JSON_TYPE)).toBe(true);
  else expect(got?.contentType).toBeNull();
  expect(got?.authorization).toBe('Bearer contract-key');
}

let rec: Recorder;
beforeAll(async () => {
  rec = await startRecorder(custifyLike);
});
afterAll(() => rec.close());
beforeEach(() => rec.clear());

describe('contract: actions', () => {
  it.each(ACTION_CONTRACTS)('contract: %s', async (_name, key, input, requests) => {
    await rec.kit.runAction(key, input);
    expect(rec.requests).toHaveLength(requests.length);
    requests.forEach((want, i) => expectRequest(rec.requests[i], want));
  });

  it('contract: every one of the 49 actions has a row', () => {
    expect(new Set(ACTION_CONTRACTS.map((r) => r[1]))).toEqual(new Set(custify.actions.map((a) => a.key)));
  });
});

describe('contract: triggers', () => {
  it.each(TRIGGER_CONTRACTS)('contract: %s', async (_name, key, input, want) => {
    // A stored cursor: a first activation reads nothing on a list that cannot sort (it starts its scan next poll).
    await rec.kit.poll(key, input, { watermark: new Date().toISOString(), seenKeys: [] });
    expect(rec.requests.length).toBeGreaterThan(0);
    expectRequest(rec.requests[0], want);
  });

  it('contract: every one of the 24 triggers has a row', () => {
    expect(new Set(TRIGGER_CONTRACTS.map((r) => r[1]))).toEqual(new Set(custify.triggers.map((t) => t.key)));
  });
});

describe('contract: connection', () => {
  it('contract: Test connection → GET /people/all?page=1&itemsPerPage=1 with Bearer auth', async () => {
    await rec.kit.validate();
    expectRequest(rec.requests[0], { method: 'GET', path: '/people/all', query: { page: '1', itemsPerPage: '1' } });
  });
});
