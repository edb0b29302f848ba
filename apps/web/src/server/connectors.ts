/** The connector registry and catalogue the web app serves (every connector Konnect ships). */
import { catalogue, registry } from '@konnect/connectors';
import { createOutboundGuard, hostOf } from '@konnect/platform';
import type { CatalogueEntry } from '@konnect/sdk';
import { loadWebEnv } from '../env';
import type { ConnectorDeps } from './connections/connections';
import { keyring } from './services';

let guard: ((url: URL) => Promise<void>) | undefined;

/**
 * Registry, keyring and the outbound guard for connection tests: a user-typed base URL must not
 * reach private or loopback addresses (only the configured Custify simulator is allowed).
 */
export function connectorDeps(): ConnectorDeps {
  if (!guard) {
    const sim = hostOf(loadWebEnv().CUSTIFY_SIM_URL);
    guard = createOutboundGuard({ allowHosts: sim ? [sim] : [] });
  }
  return { registry, keyring: keyring(), httpOptions: { guard } };
}

/** Every connector as JSON (the connectors package computes it once). */
export function catalogueEntries(): CatalogueEntry[] {
  return catalogue();
}
