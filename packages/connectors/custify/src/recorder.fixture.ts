/**
 * A stand-in Custify for contract tests: a plain local HTTP server (not the simulator) that
 * records what each request carried — method, path, query, the keys of a JSON body (or the
 * field names of a multipart one) and the content type — and answers what the test tells it.
 * It knows nothing of Custify's paths, so a test against it checks the connector alone.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestKit } from '@konnect/sdk';
import { createTestKit } from '@konnect/sdk';
import { custify } from './index';

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | null;
  /** Sorted keys of a JSON object body, or field names of a multipart body; null without a body. */
  bodyKeys: string[] | null;
  body: unknown;
  authorization: string | null;
}

export interface Answer {
  status: number;
  /** A JSON value (sent as application/json), or raw text with `contentType`. */
  json?: unknown;
  text?: string;
  contentType?: string;
}

export type Responder = (req: Recorded) => Answer;

export interface Recorder {
  url: string;
  kit: TestKit;
  requests: Recorded[];
  answer(responder: Responder): void;
  clear(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parse(raw: Buffer, contentType: string | null): { keys: string[] | null; body: unknown } {
  if (raw.length === 0) return { keys: null, body: undefined };
  const text = raw.toString('utf8');
  if (contentType?.startsWith('multipart/form-data')) {
    const names = [...text.matchAll(/Content-Disposition: form-data; name="([^"]+)"/gi)].map((m) => m[1] ?? '');
    return { keys: [...new Set(names)].sort(), body: text };
  }
  try {
    const body: unknown = JSON.parse(text);
    const keys = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body).sort() : [];
    return { keys, body };
  } catch {
    return { keys: [], body: text };
  }
}

function send(res: ServerResponse, answer: Answer): void {
  if (answer.json !== undefined) {
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.json));
    return;
  }
  res.writeHead(answer.status, answer.contentType ? { 'content-type': answer.contentType } : {});
  res.end(answer.text ?? '');
}

export async function startRecorder(initial?: Responder): Promise<Recorder> {
  let responder: Responder = initial ?? (() => ({ status: 200, json: {} }));
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://recorder');
      const contentType = req.headers['content-type'] ?? null;
      const { keys, body } = parse(raw, contentType);
      const entry: Recorded = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: raw.length > 0 ? contentType : null,
        bodyKeys: keys,
        body,
        authorization: req.headers.authorization ?? null,
      };
      requests.push(entry);
      send(res, responder(entry));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    kit: createTestKit(custify, { auth: { apiKey: 'contract-key', baseUrl: url }, http: { retry: { retries: 0 } } }),
    requests,
    answer(next) {
      responder = next;
    },
    clear() {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
