/** Which active konnectors use a connection (their trigger's or any action's `connectionId`). */
import type { ScopedDb } from '../tenant';

const MAX_DEPTH = 64;

/**
 * True when a konnector definition refers to the connection: the trigger's `connectionId` or an
 * action's, however deeply nested in paths and repeaters (the walk follows every object and array).
 */
export function referencesConnection(definition: unknown, connectionId: string, depth = 0): boolean {
  if (depth > MAX_DEPTH || typeof definition !== 'object' || definition === null) return false;
  if (Array.isArray(definition)) return definition.some((item) => referencesConnection(item, connectionId, depth + 1));
  for (const [key, value] of Object.entries(definition)) {
    if (key === 'connectionId' && value === connectionId) return true;
    if (typeof value === 'object' && referencesConnection(value, connectionId, depth + 1)) return true;
  }
  return false;
}

/** Per connection id, the names of the workspace's ACTIVE konnectors whose draft or published version uses it (one query). */
export async function activeKonnectorsUsingEach(tenant: ScopedDb, connectionIds: readonly string[]): Promise<Map<string, string[]>> {
  const using = new Map<string, string[]>(connectionIds.map((id) => [id, []]));
  if (connectionIds.length === 0) return using;
  const konnectors = await tenant.konnector.findMany({
    where: { status: 'active' },
    select: { name: true, draft: true, publishedVersion: { select: { definition: true } } },
    orderBy: { name: 'asc' },
  });
  for (const k of konnectors) {
    for (const id of connectionIds) {
      if (referencesConnection(k.draft, id) || referencesConnection(k.publishedVersion?.definition, id)) using.get(id)?.push(k.name);
    }
  }
  return using;
}

/** Names of the workspace's ACTIVE konnectors whose draft or published version uses the connection. */
export async function activeKonnectorsUsing(tenant: ScopedDb, connectionId: string): Promise<string[]> {
  return (await activeKonnectorsUsingEach(tenant, [connectionId])).get(connectionId) ?? [];
}
