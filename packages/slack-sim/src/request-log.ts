/** One Web API request as the simulator saw it (control endpoints are not recorded). */
export interface RecordedRequest {
  at: string;
  /** HTTP method: GET or POST. */
  httpMethod: string;
  /** The Web API method from the path, e.g. "chat.postMessage". */
  method: string;
  query: Record<string, string>;
  /** The Content-Type header as sent, or null. */
  contentType: string | null;
  /** The parsed body: a JSON value, form fields as an object, raw text when unreadable; null when empty. */
  body: unknown;
  /** `Bearer ***<last 4>`, or null when absent. */
  authorization: string | null;
  /** Where the token came from: the Authorization header, a form field, the query string, or nowhere. */
  tokenSource: 'header' | 'form' | 'query' | null;
  status: number;
  ok: boolean | null;
  error: string | null;
}

export const REQUEST_LOG_LIMIT = 10_000;

/** `Bearer xoxb-1234-abcd` → `Bearer ***abcd`. */
export function maskAuthorization(header: string | undefined): string | null {
  if (header === undefined) return null;
  const space = header.indexOf(' ');
  const scheme = space < 0 ? '' : header.slice(0, space + 1);
  const secret = space < 0 ? header : header.slice(space + 1).trim();
  return `${scheme}***${secret.length > 4 ? secret.slice(-4) : ''}`;
}

/** A copy of the body without its `token` field, which is a secret. */
export function withoutToken(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('token' in body)) return body;
  const { token: _token, ...rest } = body as Record<string, unknown>;
  return { ...rest, token: '***' };
}

export function appendRequest(log: RecordedRequest[], entry: RecordedRequest): void {
  log.push(entry);
  if (log.length > REQUEST_LOG_LIMIT) log.splice(0, log.length - REQUEST_LOG_LIMIT);
}
