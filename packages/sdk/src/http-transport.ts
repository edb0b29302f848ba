/**
 * One HTTP exchange on node:http / node:https, nothing more: the body serialised (JSON, text,
 * bytes, form, multipart), keep-alive sockets (the guard's agents when it has a lookup), the answer
 * read up to a byte limit and decompressed (gzip, deflate, br). Redirects, retries, the guard and
 * error wording belong to the client (http.ts); failures here are thrown as they come, with the
 * socket's error code, so the client can tell a refused connection from a timeout.
 *
 * It replaced axios on the run path: the same exchange costs about a quarter of the CPU
 * (bench/http-overhead.ts).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions, type BrotliOptions } from 'node:zlib';
import type { GuardAgents } from './http-guard';

export interface RawRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  /** Largest answer body (after decompression), in bytes. */
  maxBytes: number;
  /** The body as bytes (a Buffer); otherwise text. */
  bytes: boolean;
}

export interface RawResponse {
  status: number;
  /** Lower-case names, as node:http gives them (set-cookie a list). */
  headers: IncomingHttpHeaders;
  data: string | Buffer;
}

/** The answer's body was larger than the request allowed. */
export class ResponseTooLarge extends Error {
  readonly code = 'ERR_RESPONSE_TOO_LARGE';
  constructor(readonly limit: number) {
    super(`Response body larger than ${limit} bytes`);
  }
}

/** What is sent, with the content type it implies (used when the request sets none). */
interface Payload {
  bytes: Buffer | undefined;
  contentType: string | undefined;
}

// Node's global agents keep sockets alive too (Node ≥ 19); these are the client's own, so a
// connector's sockets are not shared with whatever else the process does.
const defaultAgents: GuardAgents = { httpAgent: new HttpAgent({ keepAlive: true }), httpsAgent: new HttpsAgent({ keepAlive: true }) };

/** Default request headers, as HTTP clients send them (a request's own headers win). */
const DEFAULT_HEADERS: Record<string, string> = { accept: 'application/json, text/plain, */*', 'accept-encoding': 'gzip, deflate, br' };

async function payloadOf(body: unknown): Promise<Payload> {
  if (body === undefined) return { bytes: undefined, contentType: undefined };
  if (typeof body === 'string') return { bytes: Buffer.from(body), contentType: undefined };
  if (Buffer.isBuffer(body)) return { bytes: body, contentType: undefined };
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), contentType: undefined };
  if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body), contentType: undefined };
  if (body instanceof URLSearchParams) return { bytes: Buffer.from(body.toString()), contentType: 'application/x-www-form-urlencoded;charset=utf-8' };
  if (body instanceof FormData) {
    // The platform's own multipart encoder: the boundary comes with its content type.
    const encoded = new Response(body);
    return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? undefined };
  }
  return { bytes: Buffer.from(JSON.stringify(body)), contentType: 'application/json' };
}

function headersFor(own: Record<string, string>, payload: Payload): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const names = new Set<string>();
  for (const [name, value] of Object.entries(own)) {
    out[name] = value;
    names.add(name.toLowerCase());
  }
  for (const [name, value] of Object.entries(DEFAULT_HEADERS)) if (!names.has(name)) out[name] = value;
  if (payload.bytes) {
    if (payload.contentType && !names.has('content-type')) out['content-type'] = payload.contentType;
    out['content-length'] = payload.bytes.length;
  }
  return out;
}

type Decoder = (buf: Buffer, options: ZlibOptions & BrotliOptions, cb: (err: Error | null, out: Buffer) => void) => void;

function decoderFor(encoding: string | undefined, first: number | undefined): Decoder | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzip;
    case 'deflate':
      // "deflate" is zlib-wrapped by the standard, raw by some servers: the first byte tells.
      return first !== undefined && (first & 0x0f) === 8 ? inflate : inflateRaw;
    case 'br':
      return brotliDecompress;
    default:
      return undefined;
  }
}

/** The answer's bytes, at most `maxBytes` of them after decompression. */
function readBody(res: IncomingMessage, req: RawRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > req.maxBytes) {
        res.destroy();
        reject(new ResponseTooLarge(req.maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    res.once('error', reject);
    // Cut off (an abort, the server closing early): no 'end', or an incomplete message.
    res.once('close', () => {
      if (!res.complete) reject(Object.assign(new Error('The connection closed before the answer ended'), { code: 'ECONNRESET' }));
    });
    res.once('end', () => {
      const raw = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
      const decode = raw.length > 0 && req.method !== 'HEAD' ? decoderFor(res.headers['content-encoding'], raw[0]) : undefined;
      if (!decode) return resolve(raw);
      decode(raw, { maxOutputLength: req.maxBytes }, (err, out) => {
        if (!err) return resolve(out);
        reject((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? new ResponseTooLarge(req.maxBytes) : err);
      });
    });
  });
}

/** Sends one request and reads its answer; throws the transport's error (with its `code`) when there is none. */
export async function exchange(req: RawRequest, agents: GuardAgents | undefined): Promise<RawResponse> {
  const payload = await payloadOf(req.body);
  const headers = headersFor(req.headers, payload);
  const https = req.url.protocol === 'https:';
  const { httpAgent, httpsAgent } = agents ?? defaultAgents;
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const onResponse = (res: IncomingMessage) => {
      readBody(res, req).then((buf) => {
        if (settled) return;
        settled = true;
        const status = res.statusCode ?? 0;
        const data = req.bytes ? buf : stripBom(buf.toString('utf8'));
        resolve({ status, headers: res.headers, data });
      }, fail);
    };
    const options = { method: req.method, headers, signal: req.signal, agent: https ? httpsAgent : httpAgent };
    const sent = https ? httpsRequest(req.url, options, onResponse) : httpRequest(req.url, options, onResponse);
    sent.once('error', fail);
    sent.end(payload.bytes);
  });
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
