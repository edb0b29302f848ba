import { z } from 'zod';
import { entityModel, isoDate } from './validate';

/** Fields every stored record carries; the store sets them. */
export const base = {
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
};

export const nullableString = z.string().nullable().default(null);
export const nullableDate = isoDate.nullable().default(null);
export const nullableNumber = z.number().nullable().default(null);
export const attributes = z.record(z.string(), z.unknown()).default(() => ({}));
export const stringList = z.array(z.string()).default(() => []);

export const Person = z.object({
  ...base,
  user_id: nullableString,
  email: nullableString,
  name: nullableString,
  phone: nullableString,
  signed_up_at: nullableDate,
  session_count: z.number().int().min(0).default(0),
  unsubscribed_from_emails: z.boolean().default(false),
  unsubscribed_from_calls: z.boolean().default(false),
  custom_attributes: attributes,
  companies: stringList,
  tags: stringList,
  last_seen_at: nullableDate,
});
export type Person = z.infer<typeof Person>;

export const Company = z.object({
  ...base,
  company_id: nullableString,
  name: nullableString,
  website: nullableString,
  industry: nullableString,
  size: nullableNumber,
  plan: nullableString,
  churned: z.boolean().default(false),
  signed_up_at: nullableDate,
  monthly_revenue: nullableNumber,
  owners_csm: nullableString,
  owners_account: nullableString,
  parent_companies: z.array(z.object({ id: z.string() })).default(() => []),
  custom_attributes: attributes,
  tags: stringList,
});
export type Company = z.infer<typeof Company>;

export const Note = z.object({
  ...base,
  entity: z.string(),
  entityModel,
  subject: z.string().default(''),
  text: z.string().default(''),
});
export type Note = z.infer<typeof Note>;

export const Tag = z.object({
  ...base,
  name: z.string().min(1),
  description: z.string().default(''),
  category: z.enum(['company', 'people']),
  color: nullableString,
});
export type Tag = z.infer<typeof Tag>;

export const taskStatus = z.enum(['open', 'done', 'not relevant']);

export const Task = z.object({
  ...base,
  name: z.string().min(1),
  description: nullableString,
  entity: z.string(),
  entityModel,
  status: taskStatus.default('open'),
  priority: z.union([z.string(), z.number()]).nullable().default(null),
  dueDate: nullableDate,
  assignedTo: nullableString,
  completedAt: nullableDate,
});
export type Task = z.infer<typeof Task>;

export const TicketReply = z.object({
  id: z.string(),
  body: z.string(),
  author: z.string().nullable(),
  created_at: z.string(),
});

export const Ticket = z.object({
  ...base,
  externalId: z.string().min(1),
  entity: z.string(),
  entityModel,
  subject: z.string().default(''),
  body: z.string().default(''),
  status: z.string().default('open'),
  replies: z.array(TicketReply).default(() => []),
});
export type Ticket = z.infer<typeof Ticket>;

export const Comment = z.object({
  ...base,
  entity: z.string(),
  entityModel,
  text: z.string(),
});
export type Comment = z.infer<typeof Comment>;

export const SimFile = z.object({
  ...base,
  name: z.string(),
  size: z.number().int().min(0),
  mimeType: z.string().default('application/octet-stream'),
  entity: nullableString,
  entityModel: entityModel.nullable().default(null),
  showInPortal: z.boolean().default(false),
});
export type SimFile = z.infer<typeof SimFile>;
