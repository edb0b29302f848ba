import type { ActionServices, HttpClient, OutboundGuard, Registry } from '@konnect/sdk';
import type { KonnectorDefinitionInput, StepError, StepRecord } from '@konnect/schemas';
import type { CallService } from './calls';

export interface Connection {
  auth: unknown;
  http: HttpClient;
  /** The outbound guard `http` carries, for actions that open sockets themselves (SMTP). */
  guard?: OutboundGuard;
}

/**
 * Resolves a step's connection. `connectionId` is '' for a step without one (connectors
 * whose auth kind is 'none'); the platform still hands back an HTTP client for it.
 */
export type ConnectionResolver = (connectionId: string, connectorKey: string) => Promise<Connection>;

export interface CheckpointStore {
  /** Records saved by earlier executions of the same run (any order). */
  load(): Promise<StepRecord[]>;
  save(record: StepRecord): Promise<void>;
}

export type ExecutionMode = 'live' | 'test';
export type ExecuteStatus = 'succeeded' | 'filtered' | 'failed' | 'partial' | 'deferred' | 'waiting';

/** The retries of an action step whose error is retryable. */
export interface RetryBudget {
  /**
   * Retries after the first attempt, in the whole run: a step's request is sent at most
   * 1 + retries times, across in-process retries and deferrals (attempts the app did not act
   * on, `ConnectorError.unprocessed`, are not counted). Past them the step fails.
   */
  retries: number;
  /** Longest total wait between attempts in one execution; a longer wait defers the run (live) instead. */
  maxWaitMs: number;
}

/** The answer a Respond to Hook step gives the caller of a Catch Hook (headers already checked and rendered). */
export interface HookAnswer {
  stepId: string;
  iteration: string;
  status: number;
  headers: Record<string, string>;
  contentType: string;
  /** The body as sent ('' for a status that carries none). */
  body: string;
}

/**
 * Delivers a run's answer to the waiting caller (the platform stores it and tells the web process
 * holding the request). A run answers once: when an answer was already given, `answeredBy` names
 * the step that gave it, and this one is not sent. Delivery that fails throws.
 */
export type HookResponder = (answer: HookAnswer) => Promise<{ answeredBy: string }>;

export interface ExecuteOptions {
  runId: string;
  definition: KonnectorDefinitionInput;
  event: { key: string; data: Record<string, unknown> };
  registry: Registry;
  connections: ConnectionResolver;
  checkpoints: CheckpointStore;
  /** 'test': retryable failures fail instead of deferring, code steps record their input, unreached steps are recorded as skipped. */
  mode?: ExecutionMode;
  /** Clock (epoch ms) for record timestamps and date conditions. */
  now?: () => number;
  /** Waits between retries. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Called with every new step record as it is produced. */
  onStep?: (record: StepRecord) => void;
  /** Override the retry budgets: `standard` for onError stop/continue, `retry` for onError retry. */
  retryBudgets?: Partial<{ standard: RetryBudget; retry: RetryBudget }>;
  /** Code step sandbox limits (time comes from the step). */
  codeLimits?: { memoryLimitBytes?: number; maxStackBytes?: number };
  /** Whose share of the code sandbox the code steps use (the workspace id): one workspace's code cannot take every sandbox thread. */
  sandboxOwner?: string;
  /** The instance's services handed to every action (Konnect mail, bound to the run's workspace). */
  services?: ActionServices;
  /**
   * Called with each action's output (and its rendered input) as soon as the action returns: the
   * value it returns is what later steps see and what the step's record holds. The platform
   * replaces secret values here, so an app echoing a key cannot hand it to a later code step.
   */
  redactOutput?: (stepId: string, input: unknown, output: Record<string, unknown>) => Record<string, unknown>;
  /** Where Respond to Hook steps send their answer (live runs of a Catch Hook with "Respond from the konnector"); absent: the answer is only recorded. */
  respond?: HookResponder;
  /** Sub-konnector calls ("Run konnector" steps); without it such a step fails saying so. */
  calls?: CallService;
  /**
   * Test-only: multiplies Delay "for" waits (0.05: a minute lasts 3 s). The worker reads it from
   * KONNECT_TEST_DELAY_SCALE, which it refuses in production. Default 1.
   */
  delayScale?: number;
}

export interface ExecuteResult {
  status: ExecuteStatus;
  /** Records of this run in execution order (reused checkpoints included). */
  steps: StepRecord[];
  /** One line for lists and notifications. */
  summary: string;
  /** Set for failed, partial (the first failure) and deferred. */
  error?: StepError;
  /** Set for deferred: when to re-enqueue the run. */
  retryAfterMs?: number;
  filteredReason?: string;
  /** A Return step's output (the result a called konnector's caller receives). */
  output?: Record<string, unknown>;
  /** Set for waiting: when (epoch ms) the run should be executed again. */
  resumeAt?: number;
  /** Set for waiting: the step the run waits on, and what for. */
  waiting?: { stepId: string; reason: string };
}

/** What a step tells the runner to do next. */
export type Flow =
  | { kind: 'next' }
  | { kind: 'filtered'; stepId: string; reason: string }
  | { kind: 'failed'; error: StepError }
  | { kind: 'deferred'; error: StepError; retryAfterMs: number }
  /** A Return step ended the run (sub-konnectors). */
  | { kind: 'returned'; stepId: string; output: Record<string, unknown> }
  /** The step saved a `waiting` record: the run pauses (durably, holding no worker) until resumeAt (epoch ms). */
  | { kind: 'waiting'; stepId: string; resumeAt: number; reason: string };
