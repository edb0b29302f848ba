import type { ActionServices, Registry } from '@konnect/sdk';
import type { Step, StepError, StepRecord, StepStatus } from '@konnect/schemas';
import type { CallService } from './calls';
import { EXTENDED_RETRY_BUDGET, STANDARD_RETRY_BUDGET } from './retry';
import type { Scope } from './scope';
import type { CheckpointStore, ConnectionResolver, ExecuteOptions, ExecutionMode, Flow, HookResponder, RetryBudget } from './types';

/** A checkpoint store failure: never swallowed, it ends the execution (a crash, as far as the run knows). */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
  constructor(cause: unknown) {
    super(`checkpoint save failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export interface StepContext {
  run: RunState;
  scope: Scope;
  /** '' outside repeaters, '3', '3/1' … */
  iteration: string;
  inRepeater: boolean;
}

export type Executor<S extends Step = Step> = (step: S, ctx: StepContext) => Promise<Flow>;
export type Executors = { [K in Step['type']]: Executor<Extract<Step, { type: K }>> };

export interface NewRecord {
  step: Step;
  iteration: string;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error?: StepError;
  logs: Iterable<string>;
  attempts?: number;
  startedAt: number;
  durationMs: number;
}

const key = (stepId: string, iteration: string) => `${stepId}\u0000${iteration}`;

/** Run-wide state: options, checkpoints (loaded and pending), the records produced so far. */
export class RunState {
  readonly runId: string;
  readonly mode: ExecutionMode;
  readonly registry: Registry;
  readonly connections: ConnectionResolver;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly budgets: { standard: RetryBudget; retry: RetryBudget };
  readonly codeLimits: { memoryLimitBytes?: number; maxStackBytes?: number };
  readonly sandboxOwner: string;
  /** Test-only multiplier of Delay waits (ExecuteOptions.delayScale). */
  readonly delayScale: number;
  readonly services: ActionServices | undefined;
  /** Where Respond to Hook answers go (live runs only). */
  readonly respond: HookResponder | undefined;
  readonly calls: CallService | undefined;
  /** An action's output as later steps see it and its record holds it (secrets replaced by the platform). */
  readonly redactOutput: (stepId: string, input: unknown, output: Record<string, unknown>) => Record<string, unknown>;
  /** Records in execution order, reused ones included. */
  readonly records: StepRecord[] = [];
  /** The first step that failed under onError 'continue'. */
  firstContinuedError: StepError | undefined;
  continuedFailures = 0;
  /** Of those, failures an error branch handled (the run ends partial, without a failure alert). */
  handledFailures = 0;

  private readonly loaded = new Map<string, StepRecord>();
  private readonly pending: StepRecord[] = [];
  private readonly store: CheckpointStore;
  private readonly onStep: ((record: StepRecord) => void) | undefined;

  constructor(
    options: ExecuteOptions,
    loaded: StepRecord[],
    readonly runSteps: (steps: Step[], ctx: StepContext) => Promise<Flow>,
  ) {
    this.runId = options.runId;
    this.mode = options.mode ?? 'live';
    this.registry = options.registry;
    this.connections = options.connections;
    this.services = options.services;
    this.respond = options.respond;
    this.calls = options.calls;
    this.redactOutput = options.redactOutput ?? ((_stepId, _input, output) => output);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.budgets = {
      standard: options.retryBudgets?.standard ?? STANDARD_RETRY_BUDGET,
      retry: options.retryBudgets?.retry ?? EXTENDED_RETRY_BUDGET,
    };
    this.codeLimits = options.codeLimits ?? {};
    this.sandboxOwner = options.sandboxOwner ?? '';
    this.delayScale = options.delayScale ?? 1;
    this.store = options.checkpoints;
    this.onStep = options.onStep;
    for (const record of loaded) this.loaded.set(key(record.stepId, record.iteration), record);
  }

  /** A saved record this execution may reuse instead of running the step again. */
  reusable(stepId: string, iteration: string): StepRecord | undefined {
    const record = this.loaded.get(key(stepId, iteration));
    return record && (record.status === 'succeeded' || record.status === 'filtered') ? record : undefined;
  }

  /**
   * The failed record an earlier execution of this run saved for a step: a deferral or a retry in
   * progress (the attempts it spent carry over), or a final failure.
   */
  savedFailure(stepId: string, iteration: string): StepRecord | undefined {
    const record = this.loaded.get(key(stepId, iteration));
    return record?.status === 'failed' ? record : undefined;
  }

  /**
   * The record an earlier execution of this run saved for a step, whatever its status: a waiting
   * step reads its own `waiting` record here on resume and decides whether its condition is met
   * (an early or duplicate execution finds it not yet met and waits again).
   */
  savedRecord(stepId: string, iteration: string): StepRecord | undefined {
    return this.loaded.get(key(stepId, iteration));
  }

  /** Saved records under an iteration prefix for the given step ids (a reused repeater's body). */
  loadedRecordsOf(stepIds: ReadonlySet<string>, iterationPrefix: string): StepRecord[] {
    return [...this.loaded.values()].filter(
      (r) => stepIds.has(r.stepId) && (iterationPrefix === '' ? r.iteration !== '' : r.iteration.startsWith(`${iterationPrefix}/`)),
    );
  }

  /** Appends a reused record to the run's list. */
  reuse(record: StepRecord): void {
    this.records.push(record);
  }

  /**
   * Records a new step result. Durable records (actions) are saved at once, after every
   * pending pure record; pure ones wait for the next action or the end of the run.
   */
  async record(data: NewRecord, durable: boolean): Promise<StepRecord> {
    const record = toRecord(data);
    this.records.push(record);
    this.onStep?.(record);
    this.pending.push(record);
    if (durable) await this.flush();
    return record;
  }

  /**
   * Saves a step's state while it is still running (an action between two attempts: the attempts
   * spent so far), durably, without adding it to the run's records: a crash before the step ends
   * resumes from it, and its final record replaces it.
   */
  async checkpoint(data: NewRecord): Promise<void> {
    this.pending.push(toRecord(data));
    await this.flush();
  }

  /** Saves every pending record, in order. */
  async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const record = this.pending[0] as StepRecord;
      try {
        await this.store.save(record);
      } catch (err) {
        throw new CheckpointError(err);
      }
      this.pending.shift();
    }
  }

  noteContinuedFailure(error: StepError): void {
    this.continuedFailures++;
    this.firstContinuedError ??= error;
  }

  /** A failure an action's error branch took over: counted like a continued one (the run ends partial). */
  noteHandledFailure(error: StepError): void {
    this.noteContinuedFailure(error);
    this.handledFailures++;
  }
}

/** The stored form of a step result. */
function toRecord(data: NewRecord): StepRecord {
  return {
    stepId: data.step.id,
    iteration: data.iteration,
    type: data.step.type,
    status: data.status,
    input: data.input ?? null,
    output: data.output ?? null,
    ...(data.error ? { error: data.error } : {}),
    logs: [...data.logs],
    attempts: data.attempts ?? 1,
    durationMs: Math.max(0, Math.round(data.durationMs * 1000) / 1000),
    startedAt: new Date(data.startedAt).toISOString(),
  };
}
