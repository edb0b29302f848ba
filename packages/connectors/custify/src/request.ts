import type { HttpClient, HttpRequest } from '@konnect/sdk';
import { ConnectorError } from '@konnect/sdk';
import type { Endpoint } from './endpoints';
import { expectRecord } from './records';

export interface CallOptions {
  /** Values for the `{name}` placeholders of the endpoint's path. */
  path?: Record<string, string>;
  params?: HttpRequest['params'];
  body?: unknown;
  headers?: Record<string, string>;
}

/** Fills `{name}` placeholders; a missing or empty value is a config error naming it. */
export function fillPath(endpoint: Endpoint, values: Record<string, string> = {}): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || value.trim() === '') {
      throw new ConnectorError({
        kind: 'config',
        message: `"${name}" is required for ${endpoint.method} ${endpoint.path}`,
        retryable: false,
      });
    }
    return encodeURIComponent(value.trim());
  });
}

/** One request to a Custify endpoint from the table; returns the parsed response body. */
export async function callEndpoint(http: HttpClient, endpoint: Endpoint, options: CallOptions = {}): Promise<unknown> {
  const res = await http.request<unknown>({
    method: endpoint.method,
    url: fillPath(endpoint, options.path),
    ...(options.params ? { params: options.params } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  return res.data;
}

/** `callEndpoint` for endpoints that answer with one JSON object. */
export async function callForRecord(
  http: HttpClient,
  endpoint: Endpoint,
  options: CallOptions = {},
): Promise<Record<string, unknown>> {
  return expectRecord(await callEndpoint(http, endpoint, options), `${endpoint.method} ${endpoint.path}`);
}

