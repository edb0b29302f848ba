import { z } from 'zod';
import { ConditionGroup, Template } from './conditions';
import {
  DEFAULT_MAX_ITERATIONS,
  MAX_CODE_SOURCE_LENGTH,
  MAX_CODE_TIMEOUT_MS,
  MAX_ITERATIONS,
  MAX_STEP_ID_LENGTH,
} from './limits';
import { HEADER_NAME, refusedHeaderReason } from './respond-headers';

/** Step ids appear in references (`{{steps.<id>.field}}`): letters, digits, `_` and `-`. */
export const StepId = z
  .string()
  .min(1)
  .max(MAX_STEP_ID_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, "_" or "-"')
  .meta({ label: 'Step id' });

const StepName = z.string().max(120).optional().meta({ label: 'Name' });

/**
 * A mapped input value: a template string, a literal number / boolean / null, or nested
 * objects and arrays of them (rendered recursively).
 */
export type MappedValue = string | number | boolean | null | MappedValue[] | { [key: string]: MappedValue };
export const MappedValue: z.ZodType<MappedValue> = z.lazy(() =>
  z.union([Template, z.number(), z.boolean(), z.null(), z.array(MappedValue), z.record(z.string(), MappedValue)]),
);
export const MappedInput = z.record(z.string(), MappedValue).meta({ label: 'Input' });
export type MappedInput = z.infer<typeof MappedInput>;

/** Catch Hook "Respond from the konnector": the caller waits (at most timeoutSeconds) for a Respond to Hook step's answer. */
export const DEFAULT_RESPOND_TIMEOUT_S = 30;
export const MAX_RESPOND_TIMEOUT_S = 120;
export const HookRespondOption = z
  .object({
    timeoutSeconds: z
      .number()
      .int('Use whole seconds')
      .min(1, 'Wait at least 1 second')
      .max(MAX_RESPOND_TIMEOUT_S, `Wait at most ${MAX_RESPOND_TIMEOUT_S} seconds`)
      .default(DEFAULT_RESPOND_TIMEOUT_S)
      .meta({ label: 'Wait at most (seconds)' }),
  })
  .meta({ label: 'Respond from the konnector' });
export type HookRespondOption = z.infer<typeof HookRespondOption>;

/**
 * Catch Hook rate limit for this konnector's hook URL (calls per second and burst). Unset: the
 * instance's default (HOOK_RATE_PER_SEC, 100/s burst 200). The instance caps every hook
 * (HOOK_RATE_MAX_PER_SEC) and each workspace's hooks together; see docs/hooks.md.
 */
export const MAX_HOOK_RATE_PER_SEC = 10_000;
/**
 * The instance default per hook (HOOK_RATE_PER_SEC / HOOK_RATE_BURST change it): lets one busy sender
 * through, Zapier's own account limit being 20,000 calls per 5 minutes (~66/s), with room for the
 * bursts of a payments or support tool's retries.
 */
export const DEFAULT_HOOK_RATE = { perSecond: 100, burst: 200 } as const;
export const HookRateLimit = z
  .object({
    perSecond: z
      .number({ error: 'Calls per second must be a number' })
      .int('Use whole calls per second')
      .min(1, 'Allow at least 1 call per second')
      .max(MAX_HOOK_RATE_PER_SEC, `Allow at most ${MAX_HOOK_RATE_PER_SEC} calls per second`)
      .meta({ label: 'Calls per second' }),
    /** Calls accepted at once after a quiet spell; unset: twice perSecond. */
    burst: z
      .number({ error: 'Burst must be a number' })
      .int('Use a whole number of calls')
      .min(1, 'Allow a burst of at least 1 call')
      .max(2 * MAX_HOOK_RATE_PER_SEC, `Allow a burst of at most ${2 * MAX_HOOK_RATE_PER_SEC} calls`)
      .optional()
      .meta({ label: 'Burst' }),
  })
  .meta({ label: 'Rate limit' });
export type HookRateLimit = z.infer<typeof HookRateLimit>;

export const Trigger = z.object({
  id: z.literal('trigger'),
  connector: z.string().min(1).meta({ label: 'App' }),
  event: z.string().min(1).meta({ label: 'Trigger event' }),
  connectionId: z.string().min(1).optional().meta({ label: 'Connection' }),
  input: MappedInput.default({}),
  pollSeconds: z.number().int().min(10).max(86_400).optional().meta({ label: 'Poll every (seconds)' }),
  respond: HookRespondOption.optional(),
  rateLimit: HookRateLimit.optional(),
});
export type Trigger = z.infer<typeof Trigger>;

export const FilterStep = z.object({
  type: z.literal('filter'),
  id: StepId,
  name: StepName,
  conditions: ConditionGroup,
});
export type FilterStep = z.infer<typeof FilterStep>;

export const PathBranch = z.object({
  id: StepId,
  name: z.string().max(120).meta({ label: 'Branch name' }),
  conditions: ConditionGroup,
  get steps(): z.ZodArray<typeof Step> {
    return z.array(Step);
  },
});
export type PathBranch = z.infer<typeof PathBranch>;

export const PathStep = z.object({
  type: z.literal('path'),
  id: StepId,
  name: StepName,
  branches: z.array(PathBranch),
  /** Runs when no branch matches; without it, no match ends the run as filtered. */
  get otherwise(): z.ZodOptional<z.ZodArray<typeof Step>> {
    return z.array(Step).optional();
  },
});
export type PathStep = z.infer<typeof PathStep>;

export const CodeStep = z.object({
  type: z.literal('code'),
  id: StepId,
  name: StepName,
  /** Body of an async function receiving `input` ({ trigger, steps, loop? }); returns an object. */
  source: z.string().max(MAX_CODE_SOURCE_LENGTH).meta({ label: 'Code', multiline: true }),
  timeoutMs: z.number().int().min(1).max(MAX_CODE_TIMEOUT_MS).optional().meta({ label: 'Time limit (ms)' }),
});
export type CodeStep = z.infer<typeof CodeStep>;

export const RepeaterStep = z.object({
  type: z.literal('repeater'),
  id: StepId,
  name: StepName,
  /** A single reference to an array, e.g. `{{trigger.line_items}}`. */
  items: Template.meta({ label: 'Items' }),
  get steps(): z.ZodArray<typeof Step> {
    return z.array(Step);
  },
  maxIterations: z
    .number()
    .int()
    .min(1)
    .max(MAX_ITERATIONS)
    .default(DEFAULT_MAX_ITERATIONS)
    .meta({ label: 'Max iterations' }),
});
export type RepeaterStep = z.infer<typeof RepeaterStep>;

/** 'branch': run the action's `errorSteps` when it fails after its retries (the main path after it does not run). */
export const OnError = z.enum(['stop', 'continue', 'retry', 'branch']).meta({ label: 'On error' });
export type OnError = z.infer<typeof OnError>;

export const ActionStep = z.object({
  type: z.literal('action'),
  id: StepId,
  name: StepName,
  connector: z.string().min(1).meta({ label: 'App' }),
  action: z.string().min(1).meta({ label: 'Action' }),
  /** Absent only for connectors whose auth kind is 'none' (built-in tools). */
  connectionId: z.string().min(1).optional().meta({ label: 'Connection' }),
  input: MappedInput.default({}),
  onError: OnError.default('stop'),
  /** The error branch: runs when the action fails after its retries; only with onError 'branch' (validation says so). */
  get errorSteps(): z.ZodOptional<z.ZodArray<typeof Step>> {
    return z.array(Step).optional();
  },
});
export type ActionStep = z.infer<typeof ActionStep>;

/**
 * "Fail run": ends the run `failed` with its rendered message as the run's error (kind
 * 'failed_by_step'). Usable anywhere; typically the last step of an action's error branch.
 */
export const FailStep = z.object({
  type: z.literal('fail'),
  id: StepId,
  name: StepName,
  /** A template, e.g. `Could not create the task: {{error.message}}`. */
  message: Template.meta({ label: 'Message' }),
});
export type FailStep = z.infer<typeof FailStep>;

/** Respond to Hook: answers the caller of a Catch Hook whose trigger has "Respond from the konnector" on; the run goes on. */
export const MAX_RESPOND_BODY_BYTES = 1024 * 1024;
export const RespondHeaders = z
  .record(z.string(), Template)
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      const reason = HEADER_NAME.test(name) ? refusedHeaderReason(name) : 'is not a header name (letters, digits and -, e.g. X-Request-Id)';
      if (reason) ctx.addIssue({ code: 'custom', path: [name], message: `“${name}” cannot be set: it ${reason}` });
    }
  })
  .meta({ label: 'Headers' });
export const RespondBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('json'), value: MappedValue }),
  z.object({
    kind: z.literal('text'),
    value: Template,
    contentType: z
      .string()
      .max(200)
      .regex(/^[\w.+-]+\/[\w.+-]+( *;[^\r\n]*)?$/, 'A content type looks like text/plain or application/xml; charset=utf-8')
      .optional()
      .meta({ label: 'Content type' }),
  }),
]);
export type RespondBody = z.infer<typeof RespondBody>;
export const RespondStep = z.object({
  type: z.literal('respond'),
  id: StepId,
  name: StepName,
  status: z
    .number()
    .int('The status is a whole number')
    .min(200, 'The status is 200–599 (1xx codes are not final answers)')
    .max(599, 'The status is 200–599')
    .default(200)
    .meta({ label: 'Status' }),
  headers: RespondHeaders.default({}),
  body: RespondBody.default({ kind: 'json', value: {} }).meta({ label: 'Body' }),
});
export type RespondStep = z.infer<typeof RespondStep>;
/** Sub-konnectors (docs/subkonnectors.md): "Run konnector" calls a konnector of the same workspace whose trigger is "Called by another konnector". */
export const CallMode = z.enum(['wait', 'fire']).meta({ label: 'Mode' });
export type CallMode = z.infer<typeof CallMode>;
export const DEFAULT_CALL_TIMEOUT_SECONDS = 300;
export const MAX_CALL_TIMEOUT_SECONDS = 3600;

export const CallStep = z.object({
  type: z.literal('call'),
  id: StepId,
  name: StepName,
  konnectorId: z.string().max(64).meta({ label: 'Konnector' }),
  /** The called konnector's declared inputs, by name. */
  input: MappedInput.default({}),
  /** 'wait': the run waits (holding no worker) for the called run's result; 'fire': it goes on with the new run's id. */
  mode: CallMode.default('wait'),
  timeoutSeconds: z.number().int().min(1).max(MAX_CALL_TIMEOUT_SECONDS).default(DEFAULT_CALL_TIMEOUT_SECONDS).meta({ label: 'Timeout (seconds)' }),
});
export type CallStep = z.infer<typeof CallStep>;

/** Ends a called konnector's run succeeded; `output` is the result its caller receives. */
export const ReturnStep = z.object({
  type: z.literal('return'),
  id: StepId,
  name: StepName,
  output: MappedInput.default({}).meta({ label: 'Output' }),
});
export type ReturnStep = z.infer<typeof ReturnStep>;

/** Delay: the shortest and longest wait of mode 'for' (1 minute – 30 days). */
export const MIN_DELAY_MINUTES = 1;
export const MAX_DELAY_MINUTES = 30 * 24 * 60;
export const DELAY_UNIT_MINUTES = { minutes: 1, hours: 60, days: 24 * 60 } as const;
export const DelayUnit = z.enum(['minutes', 'hours', 'days']).meta({ label: 'Unit' });
export type DelayUnit = z.infer<typeof DelayUnit>;

/** True for an IANA time zone name this runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits, durably (the run is `waiting` in Postgres, holding no worker), then goes on: `for` an
 * amount of minutes / hours / days (1 minute – 30 days), or `until` a date/time taken from data
 * (`at`, read in `timezone` when it carries no offset; a past time goes on at once).
 */
export const DelayStep = z
  .object({
    type: z.literal('delay'),
    id: StepId,
    name: StepName,
    mode: z.enum(['for', 'until']).default('for').meta({ label: 'Wait' }),
    amount: z.number().int().min(1).max(MAX_DELAY_MINUTES).optional().meta({ label: 'Amount' }),
    unit: DelayUnit.optional(),
    at: Template.optional().meta({ label: 'Until' }),
    timezone: z.string().max(64).optional().meta({ label: 'Time zone' }),
  })
  .superRefine((step, ctx) => {
    if (step.mode === 'for') {
      if (step.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Amount is required: how long to wait' });
      if (step.unit === undefined) ctx.addIssue({ code: 'custom', path: ['unit'], message: 'Unit is required: minutes, hours or days' });
      if (step.amount !== undefined && step.unit !== undefined && step.amount * DELAY_UNIT_MINUTES[step.unit] > MAX_DELAY_MINUTES) {
        const most = MAX_DELAY_MINUTES / DELAY_UNIT_MINUTES[step.unit];
        ctx.addIssue({ code: 'custom', path: ['amount'], message: `Amount is at most ${most} ${step.unit}${step.unit === 'days' ? '' : ' (a delay lasts at most 30 days)'}` });
      }
    } else {
      if (step.at === undefined || step.at.trim() === '') ctx.addIssue({ code: 'custom', path: ['at'], message: 'Until is required: a date/time, or a field holding one' });
      if (step.timezone !== undefined && !isTimeZone(step.timezone)) ctx.addIssue({ code: 'custom', path: ['timezone'], message: `Time zone "${step.timezone}" is not a known IANA time zone (e.g. Europe/Paris, UTC)` });
    }
  });
export type DelayStep = z.infer<typeof DelayStep>;

export const Step = z.discriminatedUnion('type', [FilterStep, PathStep, CodeStep, RepeaterStep, ActionStep,
  FailStep,
  RespondStep,
  DelayStep,
  CallStep,
  ReturnStep,
]);
export type Step = z.infer<typeof Step>;
export type StepType = Step['type'];
export const STEP_TYPES = ['filter', 'path', 'code', 'repeater', 'action',
  'fail',
  'respond',
  'delay',
  'call',
  'return',
] as const satisfies readonly StepType[];

export const KonnectorDefinition = z.object({
  trigger: Trigger,
  steps: z.array(Step),
});
export type KonnectorDefinition = z.infer<typeof KonnectorDefinition>;
/** What callers may hand in (defaults not yet applied). */
export type KonnectorDefinitionInput = z.input<typeof KonnectorDefinition>;
