/** Test fixtures for triggers.test.ts: how to create and change records of each list source in the simulator. */
import type { Sim } from '../harness.fixture';

type Store = Sim['store'];
export interface Stamped {
  id: string;
  created_at: string;
  updated_at: string;
}

export interface SourceFixture {
  insert(store: Store, i: number, at: Date): Stamped;
  touch(store: Store, id: string, i: number, at: Date): Stamped | undefined;
  list(store: Store): Stamped[];
  /** What the contract says about the endpoint (checked against the requests sent). */
  path: string;
  perPage: number;
  sort: 'sorting' | 'sort-order' | 'newest-first' | 'none';
  params?: Record<string, string>;
}

const ENTITY = 'a1a1a1a1a1a1a1a1a1a1a1a1';

export const SOURCES = {
  people: {
    list: (s) => s.list('people'),
    path: '/people/all',
    perPage: 100,
    sort: 'sorting',
    insert: (s, i, at) => s.insert('people', { email: `p${i}@example.com` }, { at }),
    touch: (s, id, i, at) => s.update('people', id, { name: `changed ${i}` }, { at }),
  },
  notes: {
    list: (s) => s.list('notes'),
    path: '/note',
    perPage: 100,
    sort: 'newest-first',
    insert: (s, i, at) => s.insert('notes', { entity: ENTITY, entityModel: 'Company', subject: `n${i}` }, { at }),
    touch: (s, id, i, at) => s.update('notes', id, { subject: `changed ${i}` }, { at }),
  },
  tasks: {
    list: (s) => s.list('tasks'),
    path: '/task',
    perPage: 50,
    sort: 'sorting',
    insert: (s, i, at) => s.insert('tasks', { name: `t${i}`, entity: ENTITY, entityModel: 'Company' }, { at }),
    touch: (s, id, i, at) => s.update('tasks', id, { name: `changed ${i}` }, { at }),
  },
  tickets: {
    list: (s) => s.list('tickets'),
    path: '/ticket',
    perPage: 100,
    sort: 'none',
    insert: (s, i, at) => s.insert('tickets', { externalId: `T-${i}`, entity: ENTITY, entityModel: 'Company' }, { at }),
    touch: (s, id, i, at) => s.update('tickets', id, { status: `s${i}` }, { at }),
  },
  files: {
    list: (s) => s.list('files'),
    path: '/file',
    perPage: 100,
    sort: 'none',
    insert: (s, i, at) => s.insert('files', { name: `f${i}.txt`, size: i }, { at }),
    touch: (s, id, i, at) => s.update('files', id, { showInPortal: i % 2 === 0 }, { at }),
  },
  surveys: {
    list: (s) => s.list('surveys'),
    path: '/survey',
    perPage: 100,
    sort: 'none',
    insert: (s, i, at) => s.insert('surveys', { name: `s${i}` }, { at }),
    touch: (s, id, i, at) => s.update('surveys', id, { responses: i }, { at }),
  },
  timeTracks: {
    list: (s) => s.list('time_tracks'),
    path: '/time_track',
    perPage: 100,
    sort: 'none',
    insert: (s, i, at) => s.insert('time_tracks', { entity: ENTITY, entityModel: 'Company', minutes: 1 + i }, { at }),
    touch: (s, id, i, at) => s.update('time_tracks', id, { minutes: 1000 + i }, { at }),
  },
  meetings: {
    list: (s) => s.list('meetings'),
    path: '/calendar/meeting',
    perPage: 100,
    sort: 'none',
    insert: (s, i, at) => s.insert('meetings', { title: `m${i}` }, { at }),
    touch: (s, id, i, at) => s.update('meetings', id, { title: `changed ${i}` }, { at }),
  },
  healthScores: {
    list: (s) => s.list('health_scores'),
    path: '/health_score/simple',
    perPage: 100,
    sort: 'none',
    insert: (s, i, at) => s.insert('health_scores', { name: `h${i}`, score: i % 100 }, { at }),
    touch: (s, id, i, at) => s.update('health_scores', id, { score: (i * 7) % 100 }, { at }),
  },
  segments: {
    list: (s) => s.list('segments'),
    path: '/segment',
    perPage: 100,
    sort: 'none',
    params: { type: 'companies' },
    insert: (s, i, at) => s.insert('segments', { name: `seg${i}` }, { at }),
    touch: (s, id, i, at) => s.update('segments', id, { count: i }, { at }),
  },
  lifecycles: {
    list: (s) => s.list('lifecycles'),
    path: '/lifecycle',
    perPage: 100,
    sort: 'none',
    insert: (s, i, at) => s.insert('lifecycles', { name: `l${i}` }, { at }),
    touch: (s, id, i, at) => s.update('lifecycles', id, { name: `changed ${i}` }, { at }),
  },
  playbooks: {
    list: (s) => s.list('playbooks'),
    path: '/playbook',
    perPage: 100,
    sort: 'none',
    params: { type: 'companies' },
    insert: (s, i, at) => s.insert('playbooks', { name: `pb${i}` }, { at }),
    touch: (s, id, i, at) => s.update('playbooks', id, { runs: i }, { at }),
  },
  objectives: {
    list: (s) => s.list('objectives'),
    path: '/objective',
    perPage: 100,
    sort: 'sort-order',
    insert: (s, i, at) => s.insert('objectives', { name: `o${i}` }, { at }),
    touch: (s, id, i, at) => s.update('objectives', id, { progress: i % 100 }, { at }),
  },
} satisfies Record<string, SourceFixture>;

export type SourceKey = keyof typeof SOURCES;

/** [trigger key, source, event] for all 24 triggers. */
export const TRIGGERS: [string, SourceKey, 'created' | 'updated'][] = [
  ['person_created', 'people', 'created'],
  ['person_updated', 'people', 'updated'],
  ['note_created', 'notes', 'created'],
  ['note_updated', 'notes', 'updated'],
  ['task_created', 'tasks', 'created'],
  ['task_updated', 'tasks', 'updated'],
  ['ticket_created', 'tickets', 'created'],
  ['ticket_updated', 'tickets', 'updated'],
  ['file_created', 'files', 'created'],
  ['survey_created', 'surveys', 'created'],
  ['time_track_created', 'timeTracks', 'created'],
  ['time_track_updated', 'timeTracks', 'updated'],
  ['meeting_created', 'meetings', 'created'],
  ['meeting_updated', 'meetings', 'updated'],
  ['health_score_created', 'healthScores', 'created'],
  ['health_score_updated', 'healthScores', 'updated'],
  ['segment_created', 'segments', 'created'],
  ['segment_updated', 'segments', 'updated'],
  ['lifecycle_created', 'lifecycles', 'created'],
  ['lifecycle_updated', 'lifecycles', 'updated'],
  ['playbook_created', 'playbooks', 'created'],
  ['playbook_updated', 'playbooks', 'updated'],
  ['customer_objective_created', 'objectives', 'created'],
  ['customer_objective_updated', 'objectives', 'updated'],
];
