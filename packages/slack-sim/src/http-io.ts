/** Reading requests and writing answers for the Web API: bodies, content types, the token. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SlackError } from './context';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The whole request body; past MAX_BODY_BYTES the rest is drained and `null` returned. */
export function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface ParsedRequest {
  /** Arguments from the query string and, when Slack would read it, the body. */
  args: Record<string, unknown>;
  /** The body as recorded in the request log. */
  logged: unknown;
  token: string | null;
  tokenSource: 'header' | 'form' | 'query' | null;
  warnings: string[];
}

const CHARSETS = new Set(['utf-8', 'utf8', 'iso-8859-1']);

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * Slack's rules for one request: GET reads the query string; POST also reads a form body, and a
 * JSON body only on methods that accept JSON (`acceptsJson`) — elsewhere it is ignored. A JSON body
 * cannot carry the token: it must come in `Authorization: Bearer`.
 */
export function parseRequest(req: IncomingMessage, url: URL, raw: Buffer, acceptsJson: boolean): ParsedRequest {
  const query = Object.fromEntries(url.searchParams);
  const args: Record<string, unknown> = { ...query };
  const warnings: string[] = [];
  let logged: unknown = null;
  let formToken: string | undefined;
  const text = raw.toString('utf8');
  if (req.method === 'POST' && text !== '') {
    const header = req.headers['content-type'];
    if (header === undefined) throw new SlackError('missing_post_type');
    const [type = '', ...params] = header.split(';').map((p) => p.trim().toLowerCase());
    const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
    if (charset !== undefined && !CHARSETS.has(charset)) throw new SlackError('invalid_charset');
    if (type === 'application/x-www-form-urlencoded') {
      const form = Object.fromEntries(new URLSearchParams(text));
      logged = form;
      formToken = form.token;
      Object.assign(args, form);
      if (charset !== undefined) warnings.push('superfluous_charset');
    } else if (type === 'application/json') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new SlackError('invalid_json');
      }
      logged = body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SlackError('json_not_object');
      if (acceptsJson) {
        const { token: _ignored, ...rest } = body as Record<string, unknown>;
        Object.assign(args, rest);
      }
      if (charset === undefined) warnings.push('missing_charset');
    } else {
      logged = text;
      throw new SlackError('invalid_post_type');
    }
  }
  const headerToken = bearer(req.headers.authorization);
  const token = headerToken ?? formToken ?? query.token ?? null;
  const tokenSource = headerToken ? 'header' : formToken ? 'form' : query.token ? 'query' : null;
  delete args.token;
  return { args, logged, token, tokenSource, warnings };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const payload = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length), ...reply.headers });
  res.end(payload);
}
