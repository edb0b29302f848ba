/**
 * A stored connection opened for a call the user waits on ("Test connection", a dropdown's
 * options): its connector, its decrypted values and the HTTP client options — the platform's
 * outbound guard, one attempt, a deadline. The one path both take.
 */
import type { ConnectorDef, HttpClientOptions } from '@konnect/sdk';
import type { WorkspaceScope } from '../workspace-scope';
import type { ConnectorDeps } from './connections';
import { openAuth, type AuthValue } from './secrets';

/** The user is waiting for the answer: one attempt with a deadline. */
export const INTERACTIVE_HTTP = { timeoutMs: 10_000, retry: { retries: 0 } } satisfies Partial<HttpClientOptions>;

export type OpenedConnection =
  | { ok: true; connector: ConnectorDef; auth: AuthValue; httpOptions: Partial<HttpClientOptions> }
  | { ok: false; reason: 'connector' | 'decrypt'; message: string };

export function openForUser(ws: WorkspaceScope, deps: ConnectorDeps, connectorKey: string, envelope: string): OpenedConnection {
  const connector = deps.registry.connector(connectorKey);
  if (!connector) return { ok: false, reason: 'connector', message: `Konnect no longer has the "${connectorKey}" connector` };
  let auth: AuthValue;
  try {
    auth = openAuth(deps.keyring, ws.workspaceId, envelope);
  } catch {
    return { ok: false, reason: 'decrypt', message: 'The stored credentials cannot be decrypted (the encryption key changed?). Enter them again.' };
  }
  return { ok: true, connector, auth, httpOptions: { ...deps.httpOptions, ...INTERACTIVE_HTTP } };
}
