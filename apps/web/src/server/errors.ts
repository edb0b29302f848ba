/**
 * The API's one error type and the ONE place that turns any thrown value into an HTTP response
 * `{ error: { code, message, field? } }`. Unknown errors become a generic 500 (logged here, never
 * sent: no stack trace or internal message leaves the server).
 */
import { z } from 'zod';
import { Prisma } from '@konnect/db';
import type { Problem } from '@konnect/schemas';

export type AppErrorCode =
  | 'bad_request'
  | 'invalid_definition'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal';

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  invalid_definition: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field?: string;
  /** For 'invalid_definition': every problem of the konnector definition (step id, field path, message). */
  readonly problems?: Problem[];
  /** For 'rate_limited': sent as the Retry-After header. */
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

function known(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
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
