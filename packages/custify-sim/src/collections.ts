import type { z } from 'zod';
import { Comment, Company, Note, Person, SimFile, Tag, Task, Ticket } from './records-core';
import {
  CsatScore,
  CustomEvent,
  Deal,
  HealthScore,
  Invoice,
  Lifecycle,
  Meeting,
  NpsScore,
  Objective,
  Playbook,
  Segment,
  Subscription,
  Survey,
  TimeTrack,
} from './records-more';

/** Every collection the simulator stores, with the zod schema of its records. */
export const collectionSchemas = {
  people: Person,
  companies: Company,
  notes: Note,
  tags: Tag,
  tasks: Task,
  tickets: Ticket,
  comments: Comment,
  files: SimFile,
  deals: Deal,
  invoices: Invoice,
  subscriptions: Subscription,
  time_tracks: TimeTrack,
  nps_scores: NpsScore,
  csat_scores: CsatScore,
  events: CustomEvent,
  meetings: Meeting,
  health_scores: HealthScore,
  segments: Segment,
  lifecycles: Lifecycle,
  playbooks: Playbook,
  objectives: Objective,
  surveys: Survey,
} as const;

type Schemas = typeof collectionSchemas;
export type CollectionName = keyof Schemas;
export type Collections = { [K in CollectionName]: z.output<Schemas[K]> };

/** Fields accepted when inserting: defaults fill the rest; `id` may be given (24-hex, unused). */
export type RecordInput<C extends CollectionName> = Omit<z.input<Schemas[C]>, 'id' | 'created_at' | 'updated_at'> & {
  id?: string;
};
export type RecordPatch<C extends CollectionName> = Partial<Omit<Collections[C], 'id' | 'created_at' | 'updated_at'>>;

export const collectionNames = Object.keys(collectionSchemas) as CollectionName[];

export function isCollectionName(name: string): name is CollectionName {
  return Object.hasOwn(collectionSchemas, name);
}

/** The top-level field names of a collection's records (used to check `filters`). */
export function recordFields(c: CollectionName): ReadonlySet<string> {
  return new Set(Object.keys(collectionSchemas[c].shape));
}
