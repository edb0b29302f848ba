/**
 * Errors the platform's services throw for callers to map (the web app turns `code` into an
 * HTTP status in one place). Run failures are not errors: they are data on the run (StepError).
 */
export type AppErrorCode = 'not_found' | 'invalid' | 'conflict' | 'too_large' | 'rate_limited' | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Extra data for the caller (e.g. validation problems, retryAfterMs). */
    readonly details?: Record<string, unknown>,
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
