export { render, renderValue, toText } from './template';
export { resolveReference, type Scope } from './scope';
export { evaluate, type Evaluation, type EvaluateOptions, type RuleCheck } from './conditions';
export { ConditionError } from './operators';
export { availableFields, type AvailableField, type FieldSamples, type FieldType } from './fields';
export {
  runCode,
  warmSandbox,
  closeSandbox,
  configureSandbox,
  setSandboxOptions,
  sandboxFallbackReason,
  DEFAULT_MEMORY_LIMIT_BYTES,
  DEFAULT_MAX_STACK_BYTES,
  MAX_LOG_LINES,
  MAX_OUTPUT_CHARS,
  type SandboxOptions,
  type SandboxResult,
  type SandboxError,
  type SandboxErrorKind,
  type SandboxPoolOptions,
} from './sandbox';
export { retryDelay, STANDARD_RETRY_BUDGET, EXTENDED_RETRY_BUDGET, STEP_BACKOFF } from './retry';
export { EXECUTORS } from './executors';
export { OTHERWISE_BRANCH_ID } from './executors/path';
export { CheckpointError, type Executor, type Executors, type StepContext } from './run-state';
export { execute } from './execute';
export { testRun, type TestRunOptions } from './test-run';
export type { CallService, CallRequest, CallStart, CallOutcome, CallFailure } from './calls';
export { stepNames } from './summary';
export type {
  CheckpointStore,
  Connection,
  ConnectionResolver,
  ExecuteOptions,
  ExecuteResult,
  ExecuteStatus,
  ExecutionMode,
  Flow,
  RetryBudget,
} from './types';
export type { HookAnswer, HookResponder } from './types';
export { renderAnswer, type RenderedAnswer } from './executors/respond';
