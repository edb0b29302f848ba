/**
 * The HTTP client's side of the outbound guard: sockets that resolve names through the guard's
 * `lookup` (so a connection goes only to an address the guard vetted), and the guard's refusals
 * told apart from other transport failures.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ConnectorError } from './errors';
import type { Redactor } from './redact';
import type { OutboundGuard } from './types';

export interface GuardAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

/**
 * Agents whose sockets resolve names with the guard's lookup; none when the guard has no lookup.
 * Keep-alive like Node's global agents: a socket is vetted when it connects and reused for the
 * same host and port, so a client kept across runs does not open a connection per call.
 */
export function guardAgents(guard: OutboundGuard | undefined): GuardAgents | undefined {
  const lookup = guard?.lookup;
  if (!lookup) return undefined;
  return { httpAgent: new HttpAgent({ lookup, keepAlive: true }), httpsAgent: new HttpsAgent({ lookup, keepAlive: true }) };
}

/** A ConnectorError thrown inside the transport (the guard's lookup), found along the cause chain. */
export function connectorCause(err: unknown): ConnectorError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof ConnectorError) return current;
    current = current.cause;
  }
  return undefined;
}

/**
 * The guard's verdict on one URL. A ConnectorError from the guard keeps its own message
 * ("Refused to connect to 10.0.0.1 (private address)"); anything else it throws is a refusal
 * worded from its message.
 */
export async function checkUrl(guard: OutboundGuard, url: URL, method: string, redactor: Redactor): Promise<void> {
  try {
    await guard(url);
  } catch (err) {
    throw refusal(err, method, url.href, redactor);
  }
}

/** A guard failure as the step's error, with the request it stopped. */
export function refusal(err: unknown, method: string, url: string, redactor: Redactor): ConnectorError {
  const request = { method, url: redactor.text(url) };
  if (err instanceof ConnectorError) {
    return new ConnectorError({ ...err.toJSON(), message: redactor.text(err.message), exchange: { request } });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new ConnectorError({
    kind: 'refused',
    message: redactor.text(`Outbound request refused: ${reason}`),
    retryable: false,
    exchange: { request },
  });
}
