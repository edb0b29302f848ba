export { startSimulator, DEFAULT_API_KEY, type Simulator, type SimulatorOptions } from './server';
export { SimStore, type WriteOptions } from './store';
export {
  collectionNames,
  type CollectionName,
  type Collections,
  type RecordInput,
  type RecordPatch,
} from './collections';
export type { Fault, FaultStatus, ActiveFault } from './faults';
export type { RecordedRequest } from './request-log';
export type { SeedName } from './seed';
export { DEFAULT_EVENTS_INTERVAL_MS } from './events-mode';
export type { Person, Company, Note, Tag, Task, Ticket, Comment, SimFile } from './records-core';
export type {
  Deal,
  Invoice,
  Subscription,
  TimeTrack,
  NpsScore,
  CsatScore,
  CustomEvent,
  Meeting,
  HealthScore,
  Segment,
  Lifecycle,
  Playbook,
  Objective,
  Survey,
} from './records-more';
