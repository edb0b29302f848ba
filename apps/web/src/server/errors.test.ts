import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError as PlatformError } from '@konnect/platform';
import type { Problem } from '@konnect/schemas';
import { AppError, errorResponse, fromZodError } from './errors';

describe('errorResponse', () => {
  it('maps each AppError code to its status and body', async () => {
    const cases: [AppError, number][] = [
      [new AppError('bad_request', 'x: bad', 'x'), 400],
      [new AppError('unauthorized', 'sign in'), 401],
      [new AppError('forbidden', 'no'), 403],
      [new AppError('not_found', 'gone'), 404],
      [new AppError('conflict', 'taken', 'email'), 409],
      [new AppError('payload_too_large', 'big'), 413],
      [new AppError('rate_limited', 'slow down'), 429],
      [new AppError('unavailable', 'try later'), 503],
    ];
    for (const [err, status] of cases) {
      const res = errorResponse(err);
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
    }
  });

  it('maps the platform\'s errors itself: codes, definition problems and Retry-After', async () => {
    const cases: [PlatformError, number, string][] = [
      [new PlatformError('not_found', 'run r1 not found'), 404, 'not_found'],
      [new PlatformError('invalid', 'the schedule is not valid'), 400, 'bad_request'],
      [new PlatformError('conflict', 'run r1 has not finished yet'), 409, 'conflict'],
      [new PlatformError('too_large', 'too big'), 413, 'payload_too_large'],
      [new PlatformError('rate_limited', 'Too many queued runs'), 429, 'rate_limited'],
      [new PlatformError('unavailable', 'Redis is away'), 503, 'unavailable'],
    ];
    for (const [err, status, code] of cases) {
      const res = errorResponse(err);
      expect(res.status, err.code).toBe(status);
      expect(await res.json()).toEqual({ error: { code, message: err.message } });
      expect(res.headers.get('retry-after')).toBeNull();
    }

    const problems: Problem[] = [{ stepId: 'note', path: ['input', 'text'], code: 'missing_field', message: 'required' }];
    const invalid = errorResponse(new PlatformError('invalid', 'The konnector cannot be turned on: …', { problems }));
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: { code: 'invalid_definition', message: 'The konnector cannot be turned on: …', problems } });

    const queueFull = errorResponse(new PlatformError('rate_limited', 'Too many queued runs', { retryAfterMs: 30_000 }));
    expect(queueFull.status).toBe(429);
    expect(queueFull.headers.get('retry-after')).toBe('30');
    // Whole seconds, rounded up, never 0 (Retry-After: 0 would invite an immediate retry).
    expect(errorResponse(new PlatformError('unavailable', 'x', { retryAfterMs: 1500 })).headers.get('retry-after')).toBe('2');
    expect(errorResponse(new PlatformError('rate_limited', 'x', { retryAfterMs: 0 })).headers.get('retry-after')).toBe('1');
  });

  it('turns a zod error into a 400 naming the first offending field path', async () => {
    const schema = z.object({ a: z.object({ b: z.array(z.object({ c: z.string() })) }) });
    const parsed = schema.safeParse({ a: { b: [{ c: 'ok' }, { c: 5 }] } });
    expect(parsed.success).toBe(false);
    const res = errorResponse(parsed.error);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe('a.b.1.c');
    expect(body.error.message).toMatch(/^a\.b\.1\.c: /);
    if (parsed.error) expect(fromZodError(parsed.error, 'fields').field).toBe('fields.a.b.1.c');
  });

  it('hides unknown errors behind a generic 500 and logs them server-side', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = errorResponse(new Error('db password is hunter2 at /srv/app.ts:12'), 'GET /x');
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('app.ts');
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
