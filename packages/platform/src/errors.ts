/**
 * Errors the platform's services throw for callers to map (the web app turns `code` into an
 * HTTP status in one place, apps/web/src/server/errors.ts). Run failures are not errors: they are
 * data on the run (StepError).
 */
import type { Problem } from '@konnect/schemas';

export const APP_ERROR_CODES = ['not_found', 'invalid', 'conflict', 'too_large', 'rate_limited', 'unavailable'] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** What a caller may need besides the message. */
export interface AppErrorDetails {
  /** 'invalid': every problem of a konnector definition. */
  problems?: Problem[];
  /** 'rate_limited' / 'unavailable': how long the caller should wait before trying again. */
  retryAfterMs?: number;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: AppErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** A message for logs from anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
