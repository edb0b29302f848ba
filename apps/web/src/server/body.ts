import { BodyTooLarge, readLimited } from '@konnect/platform';
import { AppError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Deepest nesting of objects and arrays a body may have (a definition needs far fewer levels). */
export const MAX_BODY_DEPTH = 256;

/**
 * The path to the first value nested deeper than `max` levels, or null. Iterative: a hostile body
 * nested thousands of levels deep must become a 400 here, not a stack overflow in the schemas.
 */
export function tooDeepPath(value: unknown, max = MAX_BODY_DEPTH): (string | number)[] | null {
  type Node = { value: unknown; depth: number; key: string | number; parent: Node | null };
  const stack: Node[] = [{ value, depth: 0, key: '', parent: null }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (typeof node.value !== 'object' || node.value === null) continue;
    if (node.depth >= max) {
      const path: (string | number)[] = [];
      for (let n: Node | null = node; n?.parent; n = n.parent) path.unshift(n.key);
      return path;
    }
    const entries: [string | number, unknown][] = Array.isArray(node.value) ? node.value.map((v, i) => [i, v]) : Object.entries(node.value);
    for (const [key, child] of entries) stack.push({ value: child, depth: node.depth + 1, key, parent: node });
  }
  return null;
}

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
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new AppError('bad_request', 'Request body is not valid JSON');
  }
  const deep = tooDeepPath(body);
  if (deep) {
    const field = deep.slice(0, 6).join('.');
    throw new AppError('bad_request', `${field}${deep.length > 6 ? '…' : ''}: nested more than ${MAX_BODY_DEPTH} levels deep`, field);
  }
  return body;
}
