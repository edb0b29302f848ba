/**
 * The API's one error type and the ONE place that turns any thrown value into an HTTP response
 * `{ error: { code, message, field?, problems? } }`: the web's own AppError, the platform's
 * (@konnect/platform's services throw it with their codes; mapped here, so a service that calls the
 * platform needs no wrapper), zod and Prisma errors. Unknown errors become a generic 500 (logged
 * here, never sent: no stack trace or internal message leaves the server).
 */
import { z } from 'zod';
import { Prisma } from '@konnect/db';
import { isStoreError, isAppError as isPlatformError, type AppError as PlatformError, type AppErrorCode as PlatformErrorCode } from '@konnect/platform';
import type { Problem } from '@konnect/schemas';

export type AppErrorCode =
  | 'bad_request'
  | 'invalid_definition'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  /** Well-formed, but what it refers to cannot be used as it is (e.g. a connection whose app refused its credentials). */
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  /** An app Konnect called for the request failed or could not be reached. */
  | 'bad_gateway'
  | 'internal';

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  invalid_definition: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  bad_gateway: 502,
  internal: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field?: string;
  /** For 'invalid_definition': every problem of the konnector definition (step id, field path, message). */
  readonly problems?: Problem[];
  /** For 'rate_limited' and 'unavailable': sent as the Retry-After header. */
  retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, field?: string, problems?: Problem[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (field !== undefined) this.field = field;
    if (problems !== undefined) this.problems = problems;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export interface ErrorBody {
  error: { code: AppErrorCode; message: string; field?: string; problems?: Problem[] };
}

/** A zod failure as a 400 naming the first offending field (path joined by '.', under `prefix`). */
export function fromZodError(err: z.ZodError, prefix?: string): AppError {
  const issue = err.issues[0];
  const path = [...(prefix ? [prefix] : []), ...(issue?.path ?? []).map(String)].join('.');
  const message = issue?.message ?? 'Invalid input';
  return new AppError('bad_request', path ? `${path}: ${message}` : message, path || undefined);
}

/** character_not_in_repertoire, untranslatable_character (e.g. \\u0000 in text or jsonb). */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/** The PostgreSQL SQLSTATE behind a Prisma driver-adapter error (P2039 / P2010), if any. */
function databaseCode(err: Prisma.PrismaClientKnownRequestError): string | undefined {
  const meta = err.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined;
  const code = meta?.driverAdapterError?.cause?.originalCode;
  return typeof code === 'string' ? code : undefined;
}

/** The platform's codes in the API's terms; a new platform code does not compile until it has one here. */
const FROM_PLATFORM: Record<PlatformErrorCode, AppErrorCode> = {
  not_found: 'not_found',
  invalid: 'bad_request',
  conflict: 'conflict',
  too_large: 'payload_too_large',
  rate_limited: 'rate_limited',
  unavailable: 'unavailable',
};

/** A platform error in the API's terms: definition problems listed, the wait as Retry-After (whole seconds, at least 1). */
function fromPlatformError(err: PlatformError): AppError {
  const problems = err.details?.problems;
  if (err.code === 'invalid' && problems && problems.length > 0) return new AppError('invalid_definition', err.message, undefined, problems);
  const appError = new AppError(FROM_PLATFORM[err.code], err.message);
  const waitMs = err.details?.retryAfterMs;
  if (waitMs !== undefined && Number.isFinite(waitMs)) appError.retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return appError;
}

function known(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isPlatformError(err)) return fromPlatformError(err);
  // The data store's refusals name the field: a full store or an existing key is a 409, the rest a 400.
  if (isStoreError(err)) return new AppError(err.reason === 'limit' || err.reason === 'exists' ? 'conflict' : 'bad_request', err.message, err.field);
  if (err instanceof z.ZodError) return fromZodError(err);
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    // A row addressed by id that is not in this workspace (scoped update/delete).
    if (err.code === 'P2025') return new AppError('not_found', 'Not found');
    if (err.code === 'P2002') return new AppError('conflict', 'That already exists');
    // Text PostgreSQL cannot store (a NUL character) that got past the request checks (storable-text.ts).
    if (UNSTORABLE_TEXT.has(databaseCode(err) ?? '')) return new AppError('bad_request', 'Text cannot contain the NUL character (\\u0000)');
  }
  return undefined;
}

/** Any thrown value → the API's error response. */
export function errorResponse(err: unknown, where = ''): Response {
  let appError = known(err);
  if (!appError) {
    console.error(`[api] unexpected error${where ? ` in ${where}` : ''}:`, err);
    appError = new AppError('internal', 'Something went wrong on our side. Please try again.');
  }
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.field ? { field: appError.field } : {}),
      ...(appError.problems ? { problems: appError.problems } : {}),
    },
  };
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (appError.retryAfterSeconds !== undefined) headers['retry-after'] = String(appError.retryAfterSeconds);
  return Response.json(body, { status: appError.status, headers });
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);

/** 429 "Too many attempts, try again in N s" with Retry-After. */
export function rateLimited(retryAfterSeconds: number): AppError {
  const err = new AppError('rate_limited', `Too many attempts, try again in ${retryAfterSeconds} s`);
  err.retryAfterSeconds = retryAfterSeconds;
  return err;
}

/** 429 "Too many <what> in this workspace; try again in N s" with Retry-After (a per-workspace rate limit). */
export function tooMany(what: string, waitMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  const err = new AppError('rate_limited', `Too many ${what} in this workspace; try again in ${retryAfterSeconds} s`);
  err.retryAfterSeconds = retryAfterSeconds;
  return err;
}
