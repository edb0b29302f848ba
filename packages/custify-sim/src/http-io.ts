import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './context';
import { badRequest, HttpError, ValidationError } from './errors';
import { multipartBoundary, parseMultipart, type MultipartForm } from './multipart';

export const MAX_BODY_BYTES = 25 * 1024 * 1024;

/** Read the whole request body; past MAX_BODY_BYTES the rest is drained and 413 is thrown. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, { error: `Request body is larger than ${MAX_BODY_BYTES} bytes` }));
      else resolve(Buffer.concat(chunks));
    });
    // A client that goes away mid-body: answered (to nobody) like any bad request, not logged as a crash.
    req.on('error', (err) => reject(badRequest(`Request body could not be read: ${err.message}`)));
    req.on('close', () => {
      if (!req.complete) reject(badRequest('Request aborted by the client'));
    });
  });
}

export interface ParsedBody {
  body: unknown;
  form: MultipartForm | null;
}

/** multipart/form-data → form; anything else non-empty must be JSON (400 otherwise). */
export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  const boundary = multipartBoundary(contentType);
  if (boundary !== null) return { body: undefined, form: parseMultipart(raw, boundary) };
  const text = raw.toString('utf8');
  if (text.trim() === '') return { body: undefined, form: null };
  try {
    return { body: JSON.parse(text), form: null };
  } catch (err) {
    throw badRequest(`Invalid JSON body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The one place where thrown errors become HTTP answers. */
export function errorReply(err: unknown): Reply {
  if (err instanceof HttpError) return { status: err.status, body: err.body };
  if (err instanceof ValidationError) return { status: 422, body: { errors: err.errors } };
  console.error('[custify-sim] unexpected error', err);
  return { status: 500, body: { error: 'Internal simulator error' } };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const status = reply.status ?? 200;
  const isBuffer = Buffer.isBuffer(reply.body);
  const payload = isBuffer ? (reply.body as Buffer) : Buffer.from(JSON.stringify(reply.body));
  res.writeHead(status, {
    'content-type': reply.contentType ?? (isBuffer ? 'application/octet-stream' : 'application/json; charset=utf-8'),
    'content-length': String(payload.length),
    ...reply.headers,
  });
  res.end(payload);
}

/** The API key of an `Authorization: Bearer <key>` header, or null. */
export function bearerKey(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
