import type { StepError, StepErrorKind } from '@konnect/schemas';
import { toErrorData } from '@konnect/sdk';

/** A non-retryable engine-side error (bad input, bad condition, code failure). */
export function stepError(kind: StepErrorKind, message: string, stepId: string, iteration: string): StepError {
  return { kind, message, stepId, ...(iteration ? { iteration } : {}), retryable: false };
}

/** Any thrown value from a connector as a StepError (ConnectorError data kept, exchange included). */
export function connectorStepError(err: unknown, stepId: string, iteration: string): StepError {
  const data = toErrorData(err);
  return {
    kind: data.kind,
    message: data.message,
    stepId,
    ...(iteration ? { iteration } : {}),
    ...(data.status !== undefined ? { status: data.status } : {}),
    retryable: data.retryable,
    ...(data.retryAfterMs !== undefined ? { retryAfterMs: data.retryAfterMs } : {}),
    ...(data.exchange ? { exchange: data.exchange } : {}),
  };
}
