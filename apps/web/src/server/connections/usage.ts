/** Which konnectors use a connection (their trigger's or any action's `connectionId`), active or not. */
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

/** A konnector that uses a connection (connections page, delete dialog). */
export interface ConnectionUser {
  id: string;
  name: string;
  status: 'active' | 'inactive';
}

/**
 * Per connection id, the workspace's konnectors whose draft or published version uses it, active
 * ones first, then by name (one query).
 */
export async function konnectorsUsingEach(tenant: ScopedDb, connectionIds: readonly string[]): Promise<Map<string, ConnectionUser[]>> {
  const using = new Map<string, ConnectionUser[]>(connectionIds.map((id) => [id, []]));
  if (connectionIds.length === 0) return using;
  const konnectors = await tenant.konnector.findMany({
    select: { id: true, name: true, status: true, draft: true, publishedVersion: { select: { definition: true } } },
    orderBy: [{ status: 'asc' }, { name: 'asc' }, { id: 'asc' }],
  });
  for (const k of konnectors) {
    for (const id of connectionIds) {
      if (referencesConnection(k.draft, id) || referencesConnection(k.publishedVersion?.definition, id)) using.get(id)?.push({ id: k.id, name: k.name, status: k.status });
    }
  }
  return using;
}

export async function konnectorsUsing(tenant: ScopedDb, connectionId: string): Promise<ConnectionUser[]> {
  return (await konnectorsUsingEach(tenant, [connectionId])).get(connectionId) ?? [];
}

/** Names of the active konnectors among `users`. */
export const activeNames = (users: readonly ConnectionUser[]): string[] => users.filter((u) => u.status === 'active').map((u) => u.name);

/** Names of the workspace's ACTIVE konnectors whose draft or published version uses the connection. */
export async function activeKonnectorsUsing(tenant: ScopedDb, connectionId: string): Promise<string[]> {
  return activeNames(await konnectorsUsing(tenant, connectionId));
}
