import { BodyTooLarge, readLimited } from '@konnect/platform';
import { AppError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `Request body is larger than ${Math.round(limit / 1024)} KB`);
}

/**
 * Reads a JSON request body of at most `limit` bytes (413 beyond it, checked on Content-Length
 * and while streaming); an empty body is `undefined`; a body that is not declared as JSON or
 * does not parse is a 400.
 */
export async function readJsonBody(req: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readLimited(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLarge) throw tooLarge(limit);
    throw err;
  }
  const text = Buffer.from(bytes).toString('utf8');
  if (text.trim() === '') return undefined;
  // Browsers cannot send this type cross-site without a CORS preflight: no form-post CSRF.
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new AppError('bad_request', 'Send the request body as JSON (Content-Type: application/json)');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('bad_request', 'Request body is not valid JSON');
  }
}
