/**
 * Request bodies and queries of the konnector and event-log API (zod; the route handlers parse
 * with them, the OpenAPI document is generated from them, the UI may reuse them). Client-safe.
 */
import { z } from 'zod';
import { DraftDefinition, MAX_CODE_SOURCE_LENGTH, MAX_CODE_TIMEOUT_MS, RunStatus } from '@konnect/schemas';

const name = z
  .string({ error: 'Konnector name is required' })
  .trim()
  .min(1, 'Konnector name is required')
  .max(100, 'Konnector name must be at most 100 characters');

const description = z.string({ error: 'description must be text' }).trim().max(1000, 'description must be at most 1000 characters');

const tag = z.string({ error: 'a tag must be text' }).trim().min(1, 'a tag cannot be empty').max(40, 'a tag must be at most 40 characters');

/** Up to 20 tags; duplicates are dropped. */
const tags = z
  .array(tag, { error: 'tags must be a list of strings' })
  .max(20, 'at most 20 tags')
  .transform((list) => [...new Set(list)]);

/**
 * A konnector's editable definition. The same tree as the published KonnectorDefinition, but it
 * may be half-done: the trigger's app and event, an action's app and action and any connection may
 * still be empty (the builder inserts steps that way). Everything structurally there must be
 * well-formed (a 400 names the field); what is missing is reported as problems, not refused.
 */
export const KonnectorDraft = DraftDefinition;
export type KonnectorDraft = z.infer<typeof KonnectorDraft>;

/** The draft of a konnector created blank ("New konnector"). */
export const EMPTY_DRAFT: KonnectorDraft = { trigger: { id: 'trigger', connector: '', event: '', input: {} }, steps: [] };

/** A trigger's sample ("Sample Fields"): recent records fetched from the app, and the fields they have. */
export const SampleFieldShape = z.object({
  path: z.string().max(500),
  label: z.string().max(500),
  type: z.enum(['string', 'number', 'boolean', 'date', 'object', 'array', 'null']),
  example: z.unknown(),
});
export const TriggerSample = z.object({
  connector: z.string().max(64),
  event: z.string().max(100),
  connectionId: z.string().max(64).nullable(),
  records: z.array(z.record(z.string(), z.unknown())).max(10, 'at most 10 sample records'),
  fields: z.array(SampleFieldShape).max(2000),
  fetchedAt: z.iso.datetime({ offset: true }),
});
export type TriggerSample = z.infer<typeof TriggerSample>;

export const CreateKonnectorBody = z
  .object({
    name: name.optional(),
    description: description.optional(),
    tags: tags.optional(),
    definition: KonnectorDraft.optional(),
    /** Create from a template instead (with the connection its steps use). */
    templateKey: z.string({ error: 'templateKey must be text' }).trim().min(1, 'templateKey is required').max(100).optional(),
    connectionId: z.string({ error: 'connectionId must be text' }).trim().min(1, 'connectionId is required').max(64).optional(),
    /** The trigger's sample fetched by the builder ("Refresh Fields"), kept with the konnector. */
    sample: TriggerSample.nullable().optional(),
  })
  .superRefine((b, ctx) => {
    if (b.templateKey !== undefined) {
      if (b.connectionId === undefined) ctx.addIssue({ code: 'custom', path: ['connectionId'], message: 'connectionId is required to create from a template' });
    } else if (b.name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Konnector name is required (or send templateKey and connectionId)' });
    }
  });
export type CreateKonnectorBody = z.infer<typeof CreateKonnectorBody>;

export const UpdateKonnectorBody = z
  .object({ name: name.optional(), description: description.optional(), tags: tags.optional(), draft: KonnectorDraft.optional(), sample: TriggerSample.nullable().optional() })
  .refine((b) => b.name !== undefined || b.description !== undefined || b.tags !== undefined || b.draft !== undefined || b.sample !== undefined, {
    error: 'Send at least one of name, description, tags, draft, sample',
    path: ['name'],
  });
export type UpdateKonnectorBody = z.infer<typeof UpdateKonnectorBody>;

export const ActivateBody = z.object({
  /** Start from now: records created while the konnector was off are not run. */
  skipToNow: z.boolean({ error: 'skipToNow must be true or false' }).optional(),
});
export type ActivateBody = z.infer<typeof ActivateBody>;

/** One trigger record to test with. */
const SampleRecord = z.record(z.string(), z.unknown(), { error: 'sample must be an object (one trigger record)' });

export const TestRunBody = z.object({
  /** Test this draft (unsaved edits) instead of the saved one. */
  draft: KonnectorDraft.optional(),
  /**
   * The trigger event to test with; without it, the konnector's stored sample's first record (when
   * it is for the same trigger), else the first record fetched live from the trigger's app.
   */
  sample: SampleRecord.optional(),
});
export type TestRunBody = z.infer<typeof TestRunBody>;

/** Testing a konnector that was never saved. */
export const TestDraftBody = z.object({
  draft: KonnectorDraft,
  sample: SampleRecord.optional(),
});
export type TestDraftBody = z.infer<typeof TestDraftBody>;

/** Checking unsaved edits: the problems a draft has (nothing is stored). */
export const ValidateDraftBody = z.object({ draft: KonnectorDraft });
export type ValidateDraftBody = z.infer<typeof ValidateDraftBody>;

/** "Sample Fields": fetch recent records of a trigger from its app (nothing is stored). */
export const TriggerSampleBody = z.object({
  connector: z.string({ error: 'connector is required' }).trim().min(1, 'Choose the app').max(100),
  event: z.string({ error: 'event is required' }).trim().min(1, 'Choose the trigger event').max(100),
  /** Required for apps with credentials; '' means none chosen. */
  connectionId: z.string({ error: 'connectionId must be text' }).trim().max(64).optional(),
  input: z.record(z.string(), z.unknown(), { error: 'input must be an object' }).optional(),
  /** Catch Hook: the konnector whose recently caught requests to return (newest first). */
  konnectorId: z.string({ error: 'konnectorId must be text' }).trim().min(1).max(64).optional(),
});
export type TriggerSampleBody = z.infer<typeof TriggerSampleBody>;

/** Largest `input` a code run accepts, as JSON. */
export const MAX_CODE_INPUT_BYTES = 256 * 1024;

/** "Run code" in the code step's panel: runs the source once in the sandbox on the given input. */
export const CodeRunBody = z.object({
  source: z
    .string({ error: 'source must be text' })
    .max(MAX_CODE_SOURCE_LENGTH, `source must be at most ${MAX_CODE_SOURCE_LENGTH} characters`)
    .refine((s) => s.trim() !== '', 'Write some code first'),
  input: z
    .record(z.string(), z.unknown(), { error: 'input must be an object' })
    .default({})
    .refine((v) => new TextEncoder().encode(JSON.stringify(v)).length <= MAX_CODE_INPUT_BYTES, `input must be at most ${MAX_CODE_INPUT_BYTES / 1024} KB of JSON`),
  timeoutMs: z
    .number({ error: 'timeoutMs must be a number' })
    .int('timeoutMs must be a whole number')
    .min(1, 'timeoutMs must be at least 1')
    .max(MAX_CODE_TIMEOUT_MS, `timeoutMs must be at most ${MAX_CODE_TIMEOUT_MS}`)
    .optional(),
});
export type CodeRunBody = z.infer<typeof CodeRunBody>;

/** Where an exported definition had a connection id: the connection's app and name. */
export const ConnectionPlaceholder = z.object({ connectorKey: z.string().min(1).max(64), name: z.string().max(100) });
export type ConnectionPlaceholder = z.infer<typeof ConnectionPlaceholder>;

export const EXPORT_FORMAT = 'konnect.konnector/v1';

/** A konnector file (GET …/export): the definition's connection ids are placeholders. */
export const ImportKonnectorBody = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `format must be "${EXPORT_FORMAT}"` }).optional(),
  name,
  description: description.optional(),
  tags: tags.optional(),
  definition: z.record(z.string(), z.unknown(), { error: 'definition must be an object' }),
  /** Sub-konnectors: the exporting workspace's name of each called konnector, by id (matched by name here). */
  calledKonnectors: z.record(z.string().max(64), z.string().max(200)).optional(),
});
export type ImportKonnectorBody = z.infer<typeof ImportKonnectorBody>;

export const KonnectorListQuery = z.object({
  q: z.string().trim().max(100, 'q must be at most 100 characters').optional().meta({ description: 'Matches the name or description (case-insensitive)' }),
  status: z.enum(['active', 'inactive'], { error: 'status must be active or inactive' }).optional(),
  app: z.string().trim().max(64).optional().meta({ description: 'A connector key used by the trigger or any step, e.g. "custify"' }),
  tag: z.string().trim().max(40).optional().meta({ description: 'Konnectors with this tag' }),
});
export type KonnectorListQuery = z.infer<typeof KonnectorListQuery>;

const RUN_STATUSES = RunStatus.options;

/** An ISO date (a `to` date means the whole day) or date-time. */
const when = (what: string) =>
  z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: `${what} must be an ISO date (2026-11-22) or date-time (2026-11-22T10:00:00Z)` });

export const RunListQuery = z.object({
  cursor: z.string().min(1, 'cursor is empty').max(300, 'cursor is not valid').optional().meta({ description: 'The nextCursor of the previous page (opaque)' }),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(100, 'limit must be at most 100').default(25),
  status: z
    .string()
    .trim()
    .refine((v) => v.split(',').every((s) => (RUN_STATUSES as readonly string[]).includes(s.trim())), { error: `status must be one or more of ${RUN_STATUSES.join(', ')} (comma separated)` })
    .optional()
    .meta({ description: `One status or several, comma separated (${RUN_STATUSES.join(', ')})` }),
  from: when('from').optional().meta({ description: 'Runs created at or after this date (-time)' }),
  to: when('to').optional().meta({ description: 'Runs created up to this date-time, or during this whole day (UTC) for a date' }),
});
export type RunListQuery = z.infer<typeof RunListQuery>;

export const ReplayBody = z.object({
  mode: z.enum(['from_failed', 'from_start'], { error: 'mode must be from_failed or from_start' }),
});
export type ReplayBody = z.infer<typeof ReplayBody>;

/** "Listen for a test request" on a Catch Hook: how long to wait for the call, in seconds. */
export const ListenBody = z.object({
  seconds: z
    .number({ error: 'seconds must be a whole number of seconds' })
    .int('seconds must be a whole number of seconds')
    .min(10, 'seconds must be at least 10')
    .max(600, 'seconds must be at most 600')
    .default(120),
});
export type ListenBody = z.infer<typeof ListenBody>;
