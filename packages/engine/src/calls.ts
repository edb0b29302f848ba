import type { CallMode, StepErrorKind } from '@konnect/schemas';

/** What a "Run konnector" step asks the platform for. */
export interface CallRequest {
  konnectorId: string;
  /** The rendered mapped values, by declared input name (checked by the service). */
  input: Record<string, unknown>;
  stepId: string;
  iteration: string;
  mode: CallMode;
}

/** A refusal or failure the step fails with (a retryable one defers a live run). */
export interface CallFailure {
  kind: StepErrorKind;
  message: string;
  retryable?: boolean;
}

export type CallStart = { ok: true; runId: string; konnectorName: string; created: boolean } | { ok: false; error: CallFailure };

/** A called run as its caller sees it. */
export type CallOutcome =
  | { state: 'running' }
  | { state: 'succeeded'; output: Record<string, unknown> }
  | { state: 'failed'; error: CallFailure };

/**
 * Sub-konnector calls, provided by the platform (live runs: the called run is a Run row linked to
 * this one) or by the test-run service (test runs: the called konnector runs at once as a test).
 * `start` is idempotent per (run, step, iteration): a resumed caller gets the same run back.
 */
export interface CallService {
  start(request: CallRequest): Promise<CallStart>;
  outcome(runId: string): Promise<CallOutcome>;
}
