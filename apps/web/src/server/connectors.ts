/** The connector registry and catalogue the web app serves (every connector Konnect ships). */
import { catalogue } from '@konnect/connectors';
import type { CatalogueEntry } from '@konnect/sdk';
import type { ConnectorDeps } from './connections/connections';
import { keyring, platform } from './services';

/**
 * Registry, keyring and outbound guard for saving and testing connections: the platform's own
 * (services.ts), so Test connection reaches exactly the hosts a run may reach (OUTBOUND_ALLOW_HOSTS,
 * OUTBOUND_ALLOW_PRIVATE, the Custify simulator) and refuses the rest.
 */
export function connectorDeps(): ConnectorDeps {
  const p = platform();
  return { registry: p.registry, keyring: keyring(), ...(p.httpOptions ? { httpOptions: p.httpOptions } : {}) };
}

/** Every connector as JSON (the connectors package computes it once). */
export function catalogueEntries(): CatalogueEntry[] {
  return catalogue();
}
