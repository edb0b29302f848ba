/**
 * Where a connection sends its secrets: the origin (scheme, host, port) of every URL among its
 * non-secret fields and of the base URL its auth builds (an empty base URL field means the app's
 * default), plus the connector's own `destination` (an SMTP server). Editing a connection so that
 * any of these changes requires its secret to be entered again: an admin who never saw the key
 * cannot point it at a server of their own.
 */
import { fieldMeta, type ConnectorDef } from '@konnect/sdk';
import type { AuthValue } from './secrets';

/** Keys of the entries that are not a field of their own. */
const BASE = '\u0000base';
const OWN = '\u0000destination';

function originOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[a-z][a-z\d+\-.]*:\/\//i.test(value.trim())) return undefined;
  try {
    const url = new URL(value.trim());
    return url.host ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Destinations by field name (and the base URL / the connector's own destination). */
export function destinations(connector: ConnectorDef, value: AuthValue): Map<string, string> {
  const out = new Map<string, string>();
  if (connector.auth.kind === 'none') return out;
  for (const [name, schema] of Object.entries(connector.auth.fields.shape)) {
    if (fieldMeta(schema).secret) continue;
    const origin = originOf(value[name]);
    if (origin) out.set(name, origin);
  }
  try {
    const base = originOf(connector.auth.http(value).baseURL);
    if (base) out.set(BASE, base);
    const own = connector.auth.kind === 'apiKey' ? connector.auth.destination?.(value) : undefined;
    if (own) out.set(OWN, own);
  } catch {
    // A value the auth cannot build from has no destination beyond its URL fields.
  }
  return out;
}

export interface DestinationChange {
  /** The field that moved the connection (a URL field, else the first non-secret field that changed). */
  field: string;
  from: string | undefined;
  to: string | undefined;
}

/** How the destination changed between the stored value and the new one, or undefined when it did not. */
export function destinationChange(connector: ConnectorDef, before: AuthValue, after: AuthValue): DestinationChange | undefined {
  const old = destinations(connector, before);
  const now = destinations(connector, after);
  // A URL field left empty stands for the base URL the auth falls back to (Custify's default host).
  const at = (map: Map<string, string>, key: string) => map.get(key) ?? (key === OWN ? undefined : map.get(BASE));
  const moved = [...new Set([...old.keys(), ...now.keys()])].filter((key) => at(old, key) !== at(now, key));
  if (moved.length === 0) return undefined;
  const named = moved.find((key) => key !== BASE && key !== OWN);
  const key = named ?? moved[0] ?? BASE;
  let field = named;
  if (!field && connector.auth.kind !== 'none') {
    const secret = new Set(Object.entries(connector.auth.fields.shape).filter(([, s]) => fieldMeta(s).secret).map(([n]) => n));
    field = Object.keys(connector.auth.fields.shape).find((n) => !secret.has(n) && JSON.stringify(before[n]) !== JSON.stringify(after[n]));
  }
  return { field: field ?? 'fields', from: at(old, key), to: at(now, key) };
}
