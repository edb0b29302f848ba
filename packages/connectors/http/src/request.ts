import { ConnectorError, appMessage, defineAction, isConnectorError, kindForStatus } from '@konnect/sdk';
import { encodeBody } from './body';
import { requestInput } from './input';

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const wanted = name.toLowerCase();
  return Object.keys(headers).some((key) => key.toLowerCase() === wanted);
}

/** The URL without query or fragment: a query may carry keys the user did not mark secret. */
function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

function failureMessage(status: number, method: string, url: string, body: unknown): string {
  const said = appMessage(body);
  return `HTTP ${status} from ${method} ${withoutQuery(url)}${said ? `: ${said}` : ''}`;
}

export const request = defineAction({
  key: 'request',
  name: 'HTTP Request',
  description: 'Sends a request to any URL and returns its status, headers and body. Fails on a non-2xx answer.',
  input: requestInput,
  async run({ input, http, signal }) {
    const headers: Record<string, string> = { ...input.headers };
    const { body, contentType } = encodeBody(input);
    if (contentType && !hasHeader(headers, 'content-type')) headers['Content-Type'] = contentType;
    const secrets: string[] = [];
    if (input.auth === 'bearer' && input.token) {
      headers.Authorization = `Bearer ${input.token}`;
      secrets.push(input.token);
    } else if (input.auth === 'basic' && input.username) {
      const password = input.password ?? '';
      headers.Authorization = `Basic ${Buffer.from(`${input.username}:${password}`).toString('base64')}`;
      if (password) secrets.push(password);
    }
    const where = new URL(input.url);
    where.hash = '';

    try {
      const res = await http.request({
        method: input.method,
        url: where.href,
        params: input.query,
        headers,
        timeoutMs: input.timeoutMs,
        ...(body !== undefined ? { body } : {}),
        ...(secrets.length ? { secrets } : {}),
        ...(signal ? { signal } : {}),
      });
      // The client throws for >= 400; a 1xx/3xx that was not a redirect to follow ends here.
      if (res.status < 200 || res.status >= 300) {
        throw new ConnectorError({
          kind: kindForStatus(res.status),
          status: res.status,
          message: failureMessage(res.status, input.method, where.href, res.data),
          retryable: false,
          exchange: { request: { method: input.method, url: withoutQuery(where.href) }, response: { status: res.status, body: res.data } },
        });
      }
      return { status: res.status, headers: res.headers, body: res.data ?? null };
    } catch (err) {
      // The client's message speaks of API keys; this action answers for any URL.
      if (isConnectorError(err) && err.status !== undefined && err.exchange?.response) {
        throw new ConnectorError({
          ...err.toJSON(),
          message: failureMessage(err.status, err.exchange.request.method, err.exchange.request.url, err.exchange.response.body),
        });
      }
      throw err;
    }
  },
});
