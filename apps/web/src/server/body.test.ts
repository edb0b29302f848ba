import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { MAX_BODY_DEPTH, readJsonBody, tooDeepPath } from './body';

const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request('http://x/', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return err instanceof AppError ? `${err.code} ${err.status}` : String(err);
  }
}

describe('readJsonBody', () => {
  it('parses JSON and treats an empty body as undefined', async () => {
    expect(await readJsonBody(post('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
    expect(await readJsonBody(post(''))).toBeUndefined();
    expect(await readJsonBody(new Request('http://x/'))).toBeUndefined();
  });

  it('rejects malformed JSON and bodies not declared as JSON with a 400', async () => {
    expect(await codeOf(readJsonBody(post('{"a":')))).toBe('bad_request 400');
    expect(await codeOf(readJsonBody(post('{"a":1}', { 'content-type': 'text/plain' })))).toBe('bad_request 400');
    expect(await readJsonBody(post('{"a":1}', { 'content-type': 'application/merge-patch+json; charset=utf-8' }))).toEqual({ a: 1 });
  });

  it('rejects bodies over the limit with a 413, by header and while streaming', async () => {
    expect(await codeOf(readJsonBody(post('{}', { 'content-length': String(2 * 1024 * 1024) })))).toBe('payload_too_large 413');
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const req = new Request('http://x/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(await codeOf(readJsonBody(req, 256 * 1024))).toBe('payload_too_large 413');
  });

  it('refuses bodies nested deeper than the limit with a 400 naming where (no stack overflow)', async () => {
    const deep = `${'{"steps":['.repeat(50_000)}"x"${']}'.repeat(50_000)}`;
    const err = await readJsonBody(post(deep)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'bad_request', field: 'steps.0.steps.0.steps.0' });
    expect(tooDeepPath({ a: [{ b: 1 }] }, 3)).toBeNull();
    expect(tooDeepPath({ a: [{ b: {} }] }, 3)).toEqual(['a', 0, 'b']);
    let ok: unknown = 1;
    for (let i = 0; i < MAX_BODY_DEPTH; i++) ok = [ok];
    expect(await readJsonBody(post(JSON.stringify(ok)))).toBeTruthy();
  });
});
