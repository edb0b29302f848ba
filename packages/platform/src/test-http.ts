/** A real local HTTP server in front of a web-standard handler (tests call it over HTTP). */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** The request body as a web stream, read lazily; whatever is left unread is drained after the answer. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<Buffer> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value));
    },
    async cancel() {
      if (!iterator) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        // drain
      }
    },
  });
}

function webRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', base), {
    method: req.method ?? 'GET',
    headers,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
}

export async function serve(handler: (request: Request) => Promise<Response>): Promise<TestServer> {
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const response = await handler(webRequest(req, base));
        const body = Buffer.from(await response.arrayBuffer());
        const headers = Object.fromEntries(response.headers);
        // An answer before the body was read (an early 413/429) closes the connection, as servers do.
        if (!req.readableEnded) {
          headers.connection = 'close';
          req.resume();
        }
        res.writeHead(response.status, headers);
        res.end(body);
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
