import { z } from 'zod';
import { base, nullableDate, nullableNumber, nullableString, stringList } from './records-core';
import { entityModel } from './validate';

export const Deal = z.object({
  ...base,
  externalId: z.string().min(1),
  entity: nullableString,
  name: nullableString,
  amount: nullableNumber,
  currency: nullableString,
  stage: nullableString,
  closedAt: nullableDate,
});
export type Deal = z.infer<typeof Deal>;

export const Invoice = z.object({
  ...base,
  externalId: z.string().min(1),
  entity: nullableString,
  number: nullableString,
  amount: nullableNumber,
  currency: nullableString,
  status: nullableString,
  issuedAt: nullableDate,
  dueAt: nullableDate,
});
export type Invoice = z.infer<typeof Invoice>;

export const Subscription = z.object({
  ...base,
  externalId: z.string().min(1),
  entity: nullableString,
  plan: nullableString,
  mrr: nullableNumber,
  currency: nullableString,
  status: nullableString,
  startedAt: nullableDate,
  endedAt: nullableDate,
});
export type Subscription = z.infer<typeof Subscription>;

export const TimeTrack = z.object({
  ...base,
  entity: z.string(),
  entityModel,
  minutes: z.number().positive(),
  description: nullableString,
  date: nullableDate,
  userId: nullableString,
});
export type TimeTrack = z.infer<typeof TimeTrack>;

export const NpsScore = z.object({
  ...base,
  entity: z.string(),
  score: z.number().int().min(0).max(10),
  comment: nullableString,
  submittedAt: z.string(),
});
export type NpsScore = z.infer<typeof NpsScore>;

export const CsatScore = z.object({
  ...base,
  entity: z.string(),
  score: z.number().int().min(1).max(5),
  comment: nullableString,
  submittedAt: z.string(),
});
export type CsatScore = z.infer<typeof CsatScore>;

/** A custom event sent with `POST /event`; `created_at` is the event's own time. */
export const CustomEvent = z.object({
  ...base,
  name: z.string().min(1),
  user_id: nullableString,
  email: nullableString,
  person: nullableString,
  company_id: nullableString,
  metadata: z.record(z.string(), z.unknown()).default(() => ({})),
  deduplication_id: nullableString,
});
export type CustomEvent = z.infer<typeof CustomEvent>;

const audience = z.enum(['companies', 'people']);

export const Meeting = z.object({
  ...base,
  title: z.string().default('Meeting'),
  description: nullableString,
  entity: nullableString,
  entityModel: entityModel.nullable().default(null),
  startAt: nullableDate,
  endAt: nullableDate,
  attendees: stringList,
  status: z.string().default('scheduled'),
});
export type Meeting = z.infer<typeof Meeting>;

export const HealthScore = z.object({
  ...base,
  name: z.string().default('Health score'),
  entity: nullableString,
  entityModel: entityModel.default('Company'),
  score: z.number().min(0).max(100).default(50),
  label: z.string().default('Neutral'),
});
export type HealthScore = z.infer<typeof HealthScore>;

export const Segment = z.object({
  ...base,
  name: z.string().default('Segment'),
  type: audience.default('companies'),
  description: nullableString,
  count: z.number().int().min(0).default(0),
});
export type Segment = z.infer<typeof Segment>;

export const Lifecycle = z.object({
  ...base,
  name: z.string().default('Lifecycle'),
  type: audience.default('companies'),
  description: nullableString,
  stages: stringList,
});
export type Lifecycle = z.infer<typeof Lifecycle>;

export const Playbook = z.object({
  ...base,
  name: z.string().default('Playbook'),
  type: audience.default('companies'),
  description: nullableString,
  active: z.boolean().default(true),
  runs: z.number().int().min(0).default(0),
});
export type Playbook = z.infer<typeof Playbook>;

export const Objective = z.object({
  ...base,
  name: z.string().default('Objective'),
  description: nullableString,
  entity: nullableString,
  entityModel: entityModel.nullable().default(null),
  status: z.string().default('in_progress'),
  progress: z.number().min(0).max(100).default(0),
  owner: nullableString,
  startAt: nullableDate,
  dueAt: nullableDate,
  completedAt: nullableDate,
});
export type Objective = z.infer<typeof Objective>;

export const Survey = z.object({
  ...base,
  name: z.string().default('Survey'),
  type: z.string().default('nps'),
  status: z.string().default('active'),
  questions: z.number().int().min(0).default(1),
  responses: z.number().int().min(0).default(0),
});
export type Survey = z.infer<typeof Survey>;
