import { z } from 'zod';
import { ConditionGroup, Template } from './conditions';
import {
  DEFAULT_MAX_ITERATIONS,
  MAX_CODE_SOURCE_LENGTH,
  MAX_CODE_TIMEOUT_MS,
  MAX_ITERATIONS,
  MAX_STEP_ID_LENGTH,
} from './limits';

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

export const Trigger = z.object({
  id: z.literal('trigger'),
  connector: z.string().min(1).meta({ label: 'App' }),
  event: z.string().min(1).meta({ label: 'Trigger event' }),
  connectionId: z.string().min(1).optional().meta({ label: 'Connection' }),
  input: MappedInput.default({}),
  pollSeconds: z.number().int().min(10).max(86_400).optional().meta({ label: 'Poll every (seconds)' }),
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

export const Step = z.discriminatedUnion('type', [FilterStep, PathStep, CodeStep, RepeaterStep, ActionStep,
  FailStep,
]);
export type Step = z.infer<typeof Step>;
export type StepType = Step['type'];
export const STEP_TYPES = ['filter', 'path', 'code', 'repeater', 'action',
  'fail',
] as const satisfies readonly StepType[];

export const KonnectorDefinition = z.object({
  trigger: Trigger,
  steps: z.array(Step),
});
export type KonnectorDefinition = z.infer<typeof KonnectorDefinition>;
/** What callers may hand in (defaults not yet applied). */
export type KonnectorDefinitionInput = z.input<typeof KonnectorDefinition>;
