/**
 * The HTTP call both request actions make (HTTP Request with a full URL, Web API with a path on
 * its connection's base URL): body encoding, the call, and failures worded for any API.
 */
import { ConnectorError, appMessage, isConnectorError, kindForStatus, type HttpClient } from '@konnect/sdk';
import { encodeBody } from './body';

export interface SendParts {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A full URL, or a path the client joins to its base URL. */
  url: string;
  query: Record<string, string | number | boolean>;
  headers: Record<string, string>;
  bodyType: 'none' | 'json' | 'form' | 'text';
  body?: unknown;
  timeoutMs: number;
  /** Values to redact from failures (credentials added to the headers). */
  secrets?: string[];
  signal?: AbortSignal;
}

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

/** Sends the request; returns status, headers and body, or throws a ConnectorError for a non-2xx answer. */
export async function send(http: HttpClient, parts: SendParts): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  const headers: Record<string, string> = { ...parts.headers };
  const { body, contentType } = encodeBody(parts);
  if (contentType && !hasHeader(headers, 'content-type')) headers['Content-Type'] = contentType;
  try {
    const res = await http.request({
      method: parts.method,
      url: parts.url,
      params: parts.query,
      headers,
      timeoutMs: parts.timeoutMs,
      ...(body !== undefined ? { body } : {}),
      ...(parts.secrets?.length ? { secrets: parts.secrets } : {}),
      ...(parts.signal ? { signal: parts.signal } : {}),
    });
    // The client throws for >= 400; a 1xx/3xx that was not a redirect to follow ends here.
    if (res.status < 200 || res.status >= 300) {
      throw new ConnectorError({
        kind: kindForStatus(res.status),
        status: res.status,
        message: failureMessage(res.status, parts.method, parts.url, res.data),
        retryable: false,
        exchange: { request: { method: parts.method, url: withoutQuery(parts.url) }, response: { status: res.status, body: res.data } },
      });
    }
    return { status: res.status, headers: res.headers, body: res.data ?? null };
  } catch (err) {
    // The client's message speaks of API keys; these actions answer for any URL.
    if (isConnectorError(err) && err.status !== undefined && err.exchange?.response) {
      throw new ConnectorError({
        ...err.toJSON(),
        message: failureMessage(err.status, err.exchange.request.method, err.exchange.request.url, err.exchange.response.body),
      });
    }
    throw err;
  }
}
