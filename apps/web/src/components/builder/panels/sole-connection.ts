/** Which connection the builder picks by itself for an app. Pure. */
import type { CatalogueEntry, ConnectionDto } from '@/lib/api-types';

/**
 * The connection to preselect for an app: the only one of its connections that works (tested ok,
 * or not tested yet); none when there are several, or none that works (one that needs attention
 * is never chosen silently).
 */
export function soleConnection(connections: readonly Pick<ConnectionDto, 'id' | 'connectorKey' | 'status'>[] | undefined, app: Pick<CatalogueEntry, 'key' | 'auth'>): string | undefined {
  if (app.auth.kind === 'none') return undefined;
  const working = (connections ?? []).filter((c) => c.connectorKey === app.key && c.status !== 'needs_attention');
  return working.length === 1 ? working[0]?.id : undefined;
}
