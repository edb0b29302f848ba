/**
 * The ONE table of Custify paths. Every trigger and action takes its method and path from
 * here, so a wrong path is corrected in one place. Each entry records where it comes from:
 *
 * - `official`: Custify's own client, CustifyOfficial/custify-mcp (`src/api/client.ts`, method named in `ref`);
 * - `client`: the third-party PHP client testmonitor/custify-client (`src/Actions/*.php`);
 * - `docs`: docs.custify.com, as cited by a public integration (`ref` names the anchor and who cites it);
 * - `page`: the Konnectify product page for Custify (it prints the URL, or the method and the id used);
 * - `inferred`: no public source shows this path; kept in one place so it can be corrected
 *   (docs/custify.md lists them).
 *
 * `{name}` placeholders are filled (URL-encoded) by `callEndpoint`.
 */
export type EndpointSource = 'official' | 'client' | 'docs' | 'page' | 'inferred';

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  source: EndpointSource;
  /** Where exactly: a method of the client, a sentence of the page, or why it is inferred. */
  ref: string;
}

const MCP = 'CustifyOfficial/custify-mcp src/api/client.ts';
const PHP = 'testmonitor/custify-client src/Actions';

export const ENDPOINTS = {
  // People
  listPeople: { method: 'GET', path: '/people/all', source: 'official', ref: `${MCP} listContacts; ${PHP}/ManagesPeople.php people()` },
  getPerson: { method: 'GET', path: '/customer/{id}', source: 'official', ref: `${MCP} getContact (answers the bare person)` },
  findPeople: {
    method: 'GET',
    path: '/people',
    source: 'client',
    ref: `${PHP}/ManagesPeople.php personByUserId / personByEmail (?user_id= / ?email=, answers [{ people: [...] }])`,
  },
  savePerson: { method: 'POST', path: '/people', source: 'client', ref: `${PHP}/ManagesPeople.php createOrUpdatePerson` },
  updatePersonById: { method: 'POST', path: '/customer', source: 'official', ref: `${MCP} updateCustomer ({ id, ...fields })` },
  deletePerson: { method: 'DELETE', path: '/people/{id}', source: 'client', ref: `${PHP}/ManagesPeople.php deletePerson` },
  deletePeopleByKey: {
    method: 'DELETE',
    path: '/people',
    source: 'docs',
    ref: 'docs.custify.com #tag/People/paths/~1people/delete (?user_id=), cited by rudderlabs/rudder-transformer custify deleteUsers; ?email= by analogy with GET /people',
  },
  insertEvent: { method: 'POST', path: '/event', source: 'page', ref: 'page: "POST method to https://api.custify.com/event"; ManagesEvents.php createEvent' },
  // Companies
  saveCompany: { method: 'POST', path: '/company', source: 'official', ref: `${MCP} updateCompany ({ id, ...fields }); ${PHP}/ManagesCompanies.php createOrUpdateCompany` },
  getCompany: { method: 'GET', path: '/company/{id}', source: 'official', ref: `${MCP} getCompany (answers { companies: [c], total })` },
  findCompanies: { method: 'GET', path: '/company', source: 'client', ref: `${PHP}/ManagesCompanies.php companyByCompanyId (?company_id=)` },
  listCompanies: { method: 'GET', path: '/company/all', source: 'official', ref: `${MCP} listCompanies; ${PHP}/ManagesCompanies.php companies()` },
  deleteCompany: { method: 'DELETE', path: '/company/{id}', source: 'client', ref: `${PHP}/ManagesCompanies.php deleteCompany (answers { deleted: 1 })` },
  deleteCompaniesByKey: {
    method: 'DELETE',
    path: '/company',
    source: 'inferred',
    ref: '?company_id= by analogy with DELETE /people?user_id= and GET /company?company_id=',
  },
  // Notes
  listNotes: { method: 'GET', path: '/note', source: 'official', ref: `${MCP} listNotes (answers { notes, total })` },
  createNote: { method: 'POST', path: '/note', source: 'official', ref: `${MCP} createNote ({ entity, entityModel, text, subject })` },
  updateNote: { method: 'POST', path: '/note/{id}', source: 'page', ref: 'page: "sending a POST request to the note\'s Custify internal ID"' },
  // Tags
  listTags: { method: 'GET', path: '/tag', source: 'official', ref: `${MCP} listTags (?category=, answers { tags, total })` },
  createTag: { method: 'POST', path: '/tag', source: 'page', ref: 'page: "by sending a POST request"; /tag is the collection the official client lists' },
  updateTag: { method: 'POST', path: '/tag/{id}', source: 'page', ref: 'page: "a POST request to its Custify internal ID" under the /tag collection' },
  deleteTag: { method: 'DELETE', path: '/tag/{id}', source: 'page', ref: 'page: "a DELETE request to the entry\'s URL using the Custify id"' },
  tagEntities: { method: 'PATCH', path: '/tag/entity', source: 'official', ref: `${MCP} updateTagsForEntities ({ ids, type, category, tag })` },
  // Scores
  assignNps: { method: 'POST', path: '/nps_score/{entity}', source: 'page', ref: 'page: "POST request to https://api.custify.com/nps_score/{entity}"' },
  assignCsat: { method: 'POST', path: '/csat_score/{entity}', source: 'page', ref: 'page: "POST request to https://api.custify.com/csat_score/{entity}"' },
  // Tickets: the page says updates, deletes and replies go by externalId; no public source shows the paths.
  listTickets: { method: 'GET', path: '/ticket', source: 'inferred', ref: 'no public source' },
  createTicket: { method: 'POST', path: '/ticket', source: 'inferred', ref: 'no public source' },
  updateTicket: { method: 'PATCH', path: '/ticket/external/{externalId}', source: 'inferred', ref: 'page: "based on the externalId … works as a patch"; path not shown' },
  deleteTicket: { method: 'DELETE', path: '/ticket/external/{externalId}', source: 'inferred', ref: 'page: "based on the externalId"; path not shown' },
  replyTicket: { method: 'POST', path: '/ticket/external/{externalId}/reply', source: 'inferred', ref: 'page: "based on the externalId"; path not shown' },
  // Tasks
  listTasks: { method: 'GET', path: '/task', source: 'official', ref: `${MCP} listTasks (sorting, itemsPerPage ≤ 50, answers { tasks, total })` },
  createTask: { method: 'POST', path: '/task', source: 'official', ref: `${MCP} createTask ({ name, company|people, … })` },
  updateTask: { method: 'PUT', path: '/task/{id}', source: 'official', ref: `${MCP} updateTaskStatus` },
  // Comments (create, or update when the body carries the comment id)
  saveComment: { method: 'POST', path: '/comment/{entityModel}/{entity}', source: 'page', ref: 'page: "POST request to https://api.custify.com/comment/{entityModel}/{entity}"' },
  // Files
  listFiles: { method: 'GET', path: '/file', source: 'inferred', ref: 'no public source (the page documents POST /file only)' },
  uploadFile: { method: 'POST', path: '/file', source: 'page', ref: 'page: "POST request to https://api.custify.com/file … multipart/form-data"' },
  unlinkFile: { method: 'POST', path: '/file/unlink', source: 'page', ref: 'page: "POST request to https://api.custify.com/file/unlink"' },
  setFilePortal: { method: 'PUT', path: '/file/{id}/showInPortal', source: 'page', ref: 'page: "PUT request to https://api.custify.com/file/:id/showInPortal"' },
  // Financials: {kind} is deal | invoice | subscription
  saveFinancial: { method: 'POST', path: '/financial/{kind}', source: 'page', ref: 'page: "POST request to https://api.custify.com/financial/deal that has in the body the field externalId"' },
  updateFinancial: { method: 'POST', path: '/financial/{kind}/{id}', source: 'page', ref: 'page: "POST request to https://api.custify.com/financial/deal/{entity}"' },
  deleteFinancial: { method: 'DELETE', path: '/financial/{kind}/{id}', source: 'page', ref: 'page: "or the entity in the params of the request"' },
  deleteFinancialsByKey: { method: 'DELETE', path: '/financial/{kind}', source: 'page', ref: 'page: "based on the externalId … (in the query params)"' },
  // Time tracks: the page says delete goes by internal id in the query; no public source shows the paths.
  listTimeTracks: { method: 'GET', path: '/time_track', source: 'inferred', ref: 'no public source' },
  createTimeTrack: { method: 'POST', path: '/time_track', source: 'inferred', ref: 'no public source' },
  updateTimeTrack: { method: 'POST', path: '/time_track/{id}', source: 'inferred', ref: 'no public source' },
  deleteTimeTrack: { method: 'DELETE', path: '/time_track', source: 'inferred', ref: 'page: "Custify internal ID (in the query params)"; path not shown' },
  // List-only objects
  listSurveys: { method: 'GET', path: '/survey', source: 'inferred', ref: 'no public source' },
  listMeetings: { method: 'GET', path: '/calendar/meeting', source: 'official', ref: `${MCP} listMeetings (answers { meetings, total })` },
  listHealthScores: { method: 'GET', path: '/health_score/simple', source: 'official', ref: `${MCP} listHealthScoreDefinitions (a plain array)` },
  listSegments: { method: 'GET', path: '/segment', source: 'official', ref: `${MCP} listSegments (?type=companies; people by the same parameter)` },
  listLifecycles: { method: 'GET', path: '/lifecycle', source: 'official', ref: `${MCP} listLifecycles` },
  listPlaybooks: { method: 'GET', path: '/playbook', source: 'official', ref: `${MCP} listPlaybooks (?type=companies; people by the same parameter)` },
  listObjectives: { method: 'GET', path: '/objective', source: 'official', ref: `${MCP} listObjectives (sort, order)` },
} as const satisfies Record<string, Endpoint>;

/**
 * How a list endpoint pages and orders (also corrected here only):
 * - `shape`: where the items are. `wrapped` = `[{ <key>: [...], total, page, pages }]`,
 *   `object` = `{ <key>: [...], total, page?, pages? }`, `array` = a plain array.
 * - `order`: `sorting` = accepts `sorting={"field","direction"}`; `sort-order` = accepts
 *   `sort=<field>&order=desc`; `newest-first` = no sort parameter, but documented to list
 *   by created_at descending; `none` = no documented order (triggers scan every page).
 */
export type ListShape = { kind: 'wrapped'; key: string } | { kind: 'object'; key: string } | { kind: 'array' };
export type ListOrder = 'sorting' | 'sort-order' | 'newest-first' | 'none';

export interface ListSource {
  endpoint: Endpoint;
  shape: ListShape;
  order: ListOrder;
  /** Largest accepted itemsPerPage. */
  maxPerPage: number;
  /** Fixed query parameters. */
  params?: Record<string, string>;
}

export const LIST_SOURCES = {
  people: { endpoint: ENDPOINTS.listPeople, shape: { kind: 'wrapped', key: 'people' }, order: 'sorting', maxPerPage: 100 },
  notes: { endpoint: ENDPOINTS.listNotes, shape: { kind: 'object', key: 'notes' }, order: 'newest-first', maxPerPage: 100 },
  tasks: { endpoint: ENDPOINTS.listTasks, shape: { kind: 'object', key: 'tasks' }, order: 'sorting', maxPerPage: 50 },
  tickets: { endpoint: ENDPOINTS.listTickets, shape: { kind: 'object', key: 'tickets' }, order: 'none', maxPerPage: 100 },
  files: { endpoint: ENDPOINTS.listFiles, shape: { kind: 'object', key: 'files' }, order: 'none', maxPerPage: 100 },
  surveys: { endpoint: ENDPOINTS.listSurveys, shape: { kind: 'object', key: 'surveys' }, order: 'none', maxPerPage: 100 },
  timeTracks: {
    endpoint: ENDPOINTS.listTimeTracks,
    shape: { kind: 'object', key: 'time_tracks' },
    order: 'none',
    maxPerPage: 100,
  },
  meetings: { endpoint: ENDPOINTS.listMeetings, shape: { kind: 'object', key: 'meetings' }, order: 'none', maxPerPage: 100 },
  healthScores: { endpoint: ENDPOINTS.listHealthScores, shape: { kind: 'array' }, order: 'none', maxPerPage: 100 },
  segments: {
    endpoint: ENDPOINTS.listSegments,
    shape: { kind: 'object', key: 'segments' },
    order: 'none',
    maxPerPage: 100,
  },
  lifecycles: { endpoint: ENDPOINTS.listLifecycles, shape: { kind: 'object', key: 'lifecycles' }, order: 'none', maxPerPage: 100 },
  playbooks: {
    endpoint: ENDPOINTS.listPlaybooks,
    shape: { kind: 'object', key: 'playbooks' },
    order: 'none',
    maxPerPage: 100,
  },
  objectives: {
    endpoint: ENDPOINTS.listObjectives,
    shape: { kind: 'object', key: 'objectives' },
    order: 'sort-order',
    maxPerPage: 100,
  },
  tags: { endpoint: ENDPOINTS.listTags, shape: { kind: 'object', key: 'tags' }, order: 'none', maxPerPage: 100 },
  companies: { endpoint: ENDPOINTS.listCompanies, shape: { kind: 'object', key: 'companies' }, order: 'none', maxPerPage: 100 },
} as const satisfies Record<string, ListSource>;

export type ListSourceName = keyof typeof LIST_SOURCES;
