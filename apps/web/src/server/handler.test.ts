import { describe, expect, it, vi } from 'vitest';
import { APP_ERROR_CODES, AppError as PlatformError, type AppErrorCode as PlatformErrorCode } from '@konnect/platform';
import { call, errorOf } from '@/test/request';
import { route } from './handler';

/** What each platform code answers through route(); a new code does not compile until it is listed. */
const EXPECTED: Record<PlatformErrorCode, { status: number; code: string }> = {
  not_found: { status: 404, code: 'not_found' },
  invalid: { status: 400, code: 'bad_request' },
  conflict: { status: 409, code: 'conflict' },
  too_large: { status: 413, code: 'payload_too_large' },
  rate_limited: { status: 429, code: 'rate_limited' },
  unavailable: { status: 503, code: 'unavailable' },
};

/** A route whose service calls the platform directly (no wrapper) and the platform refuses. */
function refusedWith(err: PlatformError) {
  const service = async (): Promise<never> => {
    throw err;
  };
  return route({ access: 'public', handle: () => service() });
}

describe('route(): errors thrown by the platform', () => {
  it('answers every platform code with its own status and message, never 500', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const code of APP_ERROR_CODES) {
        const res = await call(refusedWith(new PlatformError(code, `the platform says ${code}`)), 'POST', '/x');
        expect(res.status, code).not.toBe(500);
        expect({ status: res.status, code: errorOf(res).code }, code).toEqual(EXPECTED[code]);
        expect(errorOf(res).message).toBe(`the platform says ${code}`);
      }
      // None of them was taken for an unexpected error (those are logged and answered 500).
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it('passes the platform\'s wait on as Retry-After and its definition problems as `problems`', async () => {
    const full = await call(refusedWith(new PlatformError('rate_limited', 'Too many queued runs', { retryAfterMs: 30_000 })), 'POST', '/x');
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('30');

    const problems = [{ stepId: 'note', path: ['input', 'text'], code: 'missing_field' as const, message: 'required' }];
    const invalid = await call(refusedWith(new PlatformError('invalid', 'The konnector cannot be turned on', { problems })), 'POST', '/x');
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({ error: { code: 'invalid_definition', message: 'The konnector cannot be turned on', problems } });
  });
});
