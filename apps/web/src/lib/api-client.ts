/** Browser-side calls to the web API: JSON in and out; failures throw ApiError (code, message, field, problems). */
import type { Problem } from '@konnect/schemas';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** For 'invalid_definition': what must be fixed in the konnector. */
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function errorFrom(status: number, body: unknown): ApiError {
  const e = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : undefined;
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string') {
    const code = 'code' in e && typeof e.code === 'string' ? e.code : 'internal';
    const field = 'field' in e && typeof e.field === 'string' ? e.field : undefined;
    const problems = 'problems' in e && Array.isArray(e.problems) ? (e.problems as Problem[]) : [];
    return new ApiError(status, code, e.message, field, problems);
  }
  return new ApiError(status, 'internal', `The server answered ${status}`);
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: init.body !== undefined ? { 'content-type': 'application/json' } : {},
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) throw errorFrom(res.status, body);
  return body as T;
}

/** A readable message for any error thrown by a query or mutation. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return 'Something went wrong';
}
