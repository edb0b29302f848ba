/**
 * The ONE table of Custify paths. Every trigger and action takes its method and path from
 * here, so a wrong path is corrected in one place. `inferred: true` marks paths that could
 * not be confirmed from public material (docs/custify.md lists which ones).
 *
 * `{name}` placeholders are filled (URL-encoded) by `callEndpoint`.
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  inferred?: true;
}

export const ENDPOINTS = {
  // People
  listPeople: { method: 'GET', path: '/people/all' },
  getPerson: { method: 'GET', path: '/people/{id}' },
  findPeople: { method: 'GET', path: '/people' },
  savePerson: { method: 'POST', path: '/people' },
  updatePersonById: { method: 'POST', path: '/customer' },
  deletePerson: { method: 'DELETE', path: '/people/{id}' },
  deletePeopleByKey: { method: 'DELETE', path: '/people' },
  insertEvent: { method: 'POST', path: '/event' },
  // Companies
  saveCompany: { method: 'POST', path: '/company' },
  getCompany: { method: 'GET', path: '/company/{id}' },
  findCompanies: { method: 'GET', path: '/company' },
  // The same path without `company_id`, paged like every list: documented only by the general list rules.
  listCompanies: { method: 'GET', path: '/company', inferred: true },
  deleteCompany: { method: 'DELETE', path: '/company/{id}' },
  deleteCompaniesByKey: { method: 'DELETE', path: '/company' },
  // Notes
  listNotes: { method: 'GET', path: '/note' },
  createNote: { method: 'POST', path: '/note' },
  updateNote: { method: 'POST', path: '/note/{id}' },
  // Tags
  listTags: { method: 'GET', path: '/tag', inferred: true },
  createTag: { method: 'POST', path: '/tag', inferred: true },
  updateTag: { method: 'POST', path: '/tag/{id}', inferred: true },
  deleteTag: { method: 'DELETE', path: '/tag/{id}', inferred: true },
  tagEntities: { method: 'PATCH', path: '/tag/entity' },
  // Scores
  assignNps: { method: 'POST', path: '/nps_score/{entity}' },
  assignCsat: { method: 'POST', path: '/csat_score/{entity}' },
  // Tickets
  listTickets: { method: 'GET', path: '/ticket', inferred: true },
  createTicket: { method: 'POST', path: '/ticket', inferred: true },
  updateTicket: { method: 'PATCH', path: '/ticket/external/{externalId}', inferred: true },
  deleteTicket: { method: 'DELETE', path: '/ticket/external/{externalId}', inferred: true },
  replyTicket: { method: 'POST', path: '/ticket/external/{externalId}/reply', inferred: true },
  // Tasks
  listTasks: { method: 'GET', path: '/task' },
  createTask: { method: 'POST', path: '/task' },
  updateTask: { method: 'PUT', path: '/task/{id}' },
  // Comments (create, or update when the body carries the comment id)
  saveComment: { method: 'POST', path: '/comment/{entityModel}/{entity}' },
  // Files
  listFiles: { method: 'GET', path: '/file', inferred: true },
  uploadFile: { method: 'POST', path: '/file' },
  unlinkFile: { method: 'POST', path: '/file/unlink' },
  setFilePortal: { method: 'PUT', path: '/file/{id}/showInPortal' },
  // Financials: {kind} is deal | invoice | subscription
  saveFinancial: { method: 'POST', path: '/financial/{kind}' },
  updateFinancial: { method: 'POST', path: '/financial/{kind}/{id}' },
  deleteFinancial: { method: 'DELETE', path: '/financial/{kind}/{id}' },
  deleteFinancialsByKey: { method: 'DELETE', path: '/financial/{kind}' },
  // Time tracks
  listTimeTracks: { method: 'GET', path: '/time_track', inferred: true },
  createTimeTrack: { method: 'POST', path: '/time_track', inferred: true },
  updateTimeTrack: { method: 'POST', path: '/time_track/{id}', inferred: true },
  deleteTimeTrack: { method: 'DELETE', path: '/time_track', inferred: true },
  // List-only objects
  listSurveys: { method: 'GET', path: '/survey', inferred: true },
  listMeetings: { method: 'GET', path: '/calendar/meeting' },
  listHealthScores: { method: 'GET', path: '/health_score/simple' },
  listSegments: { method: 'GET', path: '/segment' },
  listLifecycles: { method: 'GET', path: '/lifecycle' },
  listPlaybooks: { method: 'GET', path: '/playbook' },
  listObjectives: { method: 'GET', path: '/objective' },
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
    params: { type: 'companies' },
  },
  lifecycles: { endpoint: ENDPOINTS.listLifecycles, shape: { kind: 'object', key: 'lifecycles' }, order: 'none', maxPerPage: 100 },
  playbooks: {
    endpoint: ENDPOINTS.listPlaybooks,
    shape: { kind: 'object', key: 'playbooks' },
    order: 'none',
    maxPerPage: 100,
    params: { type: 'companies' },
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
