/**
 * The execution backend (@konnect/platform) throws its own AppError; route services call it
 * through `viaPlatform`, which turns those into the web API's AppError (so errors.ts stays the one
 * place that maps errors to HTTP). Validation problems become `invalid_definition` with the list.
 */
import { isAppError as isPlatformError } from '@konnect/platform';
import { Problem } from '@konnect/schemas';
import { z } from 'zod';
import { AppError, type AppErrorCode } from './errors';

const CODES: Record<string, AppErrorCode> = {
  not_found: 'not_found',
  invalid: 'bad_request',
  conflict: 'conflict',
  too_large: 'payload_too_large',
  rate_limited: 'rate_limited',
  unavailable: 'internal',
};

const Problems = z.array(Problem);

export function fromPlatformError(err: unknown): unknown {
  if (!isPlatformError(err)) return err;
  const problems = Problems.safeParse(err.details?.problems);
  if (err.code === 'invalid' && problems.success && problems.data.length > 0) {
    return new AppError('invalid_definition', err.message, undefined, problems.data);
  }
  return new AppError(CODES[err.code] ?? 'internal', err.message);
}

/** Runs a platform service call, translating its errors. */
export async function viaPlatform<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw fromPlatformError(err);
  }
}
