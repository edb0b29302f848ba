/** Every connector Konnect ships, as one registry; the catalogue the API and the builder read. */
import { createRegistry, describeConnector, type CatalogueEntry, type ConnectorDef } from '@konnect/sdk';
import { custify } from '@konnect/connector-custify';
import { slack } from '@konnect/connector-slack';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { schedulerConnector } from '@konnect/connector-scheduler';
import { httpConnector, webApiConnector } from '@konnect/connector-http';
import { formatterConnector } from '@konnect/connector-formatter';
import { emailConnector, konnectMailConnector } from '@konnect/connector-email';
import { storageConnector } from '@konnect/connector-storage';
import { subkonnectorConnector } from '@konnect/connector-subkonnector';

export const connectors: ConnectorDef[] = [
  custify,
  slack,
  catchHookConnector,
  schedulerConnector,
  httpConnector,
  webApiConnector,
  formatterConnector,
  emailConnector,
  konnectMailConnector,
  storageConnector,
  subkonnectorConnector,
];

export const registry = createRegistry(connectors);

/**
 * Kept on globalThis, computed once per process: a bundler (Next.js) loads this module once per
 * bundle (the start-up hook, the routes), and the web app's start-up warm-up computes it for the
 * routes (building every input's JSON Schema took ~30 ms of a fresh server's first requests).
 */
const CATALOGUE_KEY = Symbol.for('konnect.connectors.catalogue');

/** JSON descriptions (input JSON schemas included) of every connector; computed once. */
export function catalogue(): CatalogueEntry[] {
  const g = globalThis as Record<symbol, CatalogueEntry[] | undefined>;
  g[CATALOGUE_KEY] ??= connectors.map((c) => describeConnector(c));
  return g[CATALOGUE_KEY];
}

export { CUSTIFY_TEMPLATES, templateConnectors, templateDefinition } from '@konnect/connector-custify';
export type { ConnectorTemplate } from '@konnect/connector-custify';
export { CROSS_APP_TEMPLATES, TEMPLATES } from './templates';
