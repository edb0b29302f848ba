/**
 * Connections: a workspace's credentials for one connector. Secrets are write-only: they are
 * validated with the connector's auth fields, sealed, and never returned (only `settings` and a
 * masked `secretHint`).
 */
import type { ConnectionStatus, Keyring } from '@konnect/db';
import { checkAuth, fieldMeta, type ConnectorDef, type HttpClientOptions, type Registry } from '@konnect/sdk';
import type { CreateConnectionBody, UpdateConnectionBody } from '../../lib/api-bodies';
import { audit } from '../audit/audit';
import { AppError, notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';
import { destinationChange } from './destination';
import { openAuth, sealAuth, secretNames, type AuthValue, type Settings } from './secrets';
import { activeKonnectorsUsing, activeNames, konnectorsUsing, konnectorsUsingEach, type ConnectionUser } from './usage';

export interface ConnectorDeps {
  registry: Registry;
  keyring: Keyring;
  /** Extras for outbound calls (the outbound guard). */
  httpOptions?: Partial<HttpClientOptions>;
}

export interface ConnectionDto {
  id: string;
  name: string;
  connectorKey: string;
  status: ConnectionStatus;
  statusMessage: string | null;
  lastCheckedAt: string | null;
  /** Real use by polls and runs: the last success, the last failure and what the app said. */
  lastUsedAt: string | null;
  lastFailureAt: string | null;
  lastFailureMessage: string | null;
  /** Names of the active konnectors that use it (their trigger or an action). */
  usedBy: string[];
  /** Every konnector that uses it, active ones first (the delete dialog lists them). */
  konnectors: ConnectionUser[];
  settings: Settings;
  secretHint: string;
  createdAt: string;
  updatedAt: string;
}

/** Every column a DTO needs, and never `secret`. */
export const connectionSelect = {
  id: true,
  name: true,
  connectorKey: true,
  status: true,
  statusMessage: true,
  lastCheckedAt: true,
  lastUsedAt: true,
  lastFailureAt: true,
  lastFailureMessage: true,
  settings: true,
  secretHint: true,
  createdAt: true,
  updatedAt: true,
} as const;

type ConnectionRow = {
  id: string;
  name: string;
  connectorKey: string;
  status: ConnectionStatus;
  statusMessage: string | null;
  lastCheckedAt: Date | null;
  lastUsedAt: Date | null;
  lastFailureAt: Date | null;
  lastFailureMessage: string | null;
  settings: unknown;
  secretHint: string;
  createdAt: Date;
  updatedAt: Date;
};

function settingsOf(raw: unknown): Settings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Settings = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}

export function connectionDto(row: ConnectionRow, users: ConnectionUser[]): ConnectionDto {
  return {
    id: row.id,
    name: row.name,
    connectorKey: row.connectorKey,
    status: row.status,
    statusMessage: row.statusMessage,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    lastFailureAt: row.lastFailureAt?.toISOString() ?? null,
    lastFailureMessage: row.lastFailureMessage,
    usedBy: activeNames(users),
    konnectors: users,
    settings: settingsOf(row.settings),
    secretHint: row.secretHint,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The connector a connection is for; it must take credentials. */
export function connectorFor(registry: Registry, key: string): ConnectorDef {
  const connector = registry.connector(key);
  if (!connector) throw new AppError('bad_request', `connectorKey: there is no connector "${key}"`, 'connectorKey');
  if (connector.auth.kind === 'none') throw new AppError('bad_request', `connectorKey: ${connector.name} needs no connection`, 'connectorKey');
  return connector;
}

/** The SDK's auth check (as every run's parseAuth); a bad value is a 400 naming its field, e.g. `fields.apiKey`. */
function validateFields(connector: ConnectorDef, raw: AuthValue): AuthValue {
  const checked = checkAuth(connector, raw);
  if (checked.ok) return checked.input ?? {};
  const first = checked.issues[0];
  const field = first?.field ? `fields.${first.field}` : 'fields';
  throw new AppError('bad_request', `${field}: ${first?.message ?? 'Invalid input'}`, field);
}

export async function listConnections(ws: WorkspaceScope): Promise<ConnectionDto[]> {
  const rows = await ws.tenant.connection.findMany({ select: connectionSelect, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  const usage = await konnectorsUsingEach(ws.tenant, rows.map((r) => r.id));
  return rows.map((row) => connectionDto(row, usage.get(row.id) ?? []));
}

export async function getConnection(ws: WorkspaceScope, id: string): Promise<ConnectionDto> {
  const row = await ws.tenant.connection.findFirst({ where: { id }, select: connectionSelect });
  if (!row) throw notFound('Connection');
  return connectionDto(row, await konnectorsUsing(ws.tenant, row.id));
}

export async function createConnection(ws: WorkspaceScope, deps: ConnectorDeps, body: CreateConnectionBody): Promise<ConnectionDto> {
  const connector = connectorFor(deps.registry, body.connectorKey);
  const value = validateFields(connector, body.fields);
  const sealed = sealAuth(deps.keyring, ws.workspaceId, connector, value);
  const row = await ws.tenant.$transaction(async (tx) => {
    const created = await tx.connection.create({
      data: { workspaceId: ws.workspaceId, connectorKey: connector.key, name: body.name, ...sealed },
      select: connectionSelect,
    });
    await audit(ws, { action: 'connection.created', targetType: 'connection', targetId: created.id, targetLabel: created.name, details: { connectorKey: connector.key } }, tx);
    return created;
  });
  return connectionDto(row, await konnectorsUsing(ws.tenant, row.id));
}

/**
 * Renames and/or replaces the credentials. New fields replace the stored value, except that a
 * secret field left out or empty keeps its stored value (so a path or a name can change without
 * re-typing the key). Not so for a new destination: when the scheme, host or port of a URL field
 * (or of the base URL, or the SMTP server) changes, the stored secrets are not carried to it, and
 * leaving the secret out is a 400 naming it ("Re-enter the API key to send it to a new address").
 * New credentials reset the status to "unchecked".
 */
export async function updateConnection(ws: WorkspaceScope, deps: ConnectorDeps, id: string, body: UpdateConnectionBody): Promise<ConnectionDto> {
  const current = await ws.tenant.connection.findFirst({ where: { id }, select: { connectorKey: true, secret: true, name: true } });
  if (!current) throw notFound('Connection');
  let credentials = {};
  let changedFields: string[] = [];
  if (body.fields) {
    const connector = connectorFor(deps.registry, current.connectorKey);
    const next = newAuthValue(deps, ws.workspaceId, connector, current.secret, body.fields);
    changedFields = fieldsChanged(deps.keyring, ws.workspaceId, current.secret, body.fields, next);
    credentials = { ...sealAuth(deps.keyring, ws.workspaceId, connector, next), status: 'unchecked' as const, statusMessage: null, lastCheckedAt: null };
  }
  // Field names only: never a value (the audit log is no place for credentials).
  const changed = [...(body.name !== undefined && body.name !== current.name ? ['name'] : []), ...changedFields.map((k) => `fields.${k}`)];
  const row = await ws.tenant.$transaction(async (tx) => {
    const updated = await tx.connection.update({
      where: { id },
      data: { ...(body.name !== undefined ? { name: body.name } : {}), ...credentials },
      select: connectionSelect,
    });
    const details = { changed, ...(body.name !== undefined && body.name !== current.name ? { previousName: current.name } : {}) };
    await audit(ws, { action: 'connection.updated', targetType: 'connection', targetId: id, targetLabel: updated.name, details }, tx);
    return updated;
  });
  return connectionDto(row, await konnectorsUsing(ws.tenant, row.id));
}

const hasValue = (v: unknown) => v !== undefined && v !== '' && v !== null;

/**
 * The fields an edit really changed (names only, for the audit log): those sent whose stored
 * value differs from the new one. Re-sending the same base URL with a new key is `apiKey` only.
 * When the stored value cannot be opened, every field sent counts as changed.
 */
function fieldsChanged(keyring: Keyring, workspaceId: string, envelope: string, sent: AuthValue, next: AuthValue): string[] {
  let stored: AuthValue;
  try {
    stored = openAuth(keyring, workspaceId, envelope);
  } catch {
    return Object.keys(sent);
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return Object.keys(sent).filter((k) => !same(stored[k], next[k]));
}

/** The validated value an edit stores: the new fields, with the stored secrets kept only while the destination stays. */
function newAuthValue(deps: ConnectorDeps, workspaceId: string, connector: ConnectorDef, envelope: string, fields: AuthValue): AuthValue {
  const merged: AuthValue = { ...fields };
  const names = secretNames(connector);
  const kept = names.filter((k) => !hasValue(merged[k]));
  if (kept.length === 0) return validateFields(connector, merged);
  const stored = openStoredOrAsk(deps.keyring, workspaceId, envelope, kept[0] ?? '');
  const withStored: AuthValue = { ...merged };
  for (const k of kept) withStored[k] = stored[k];
  const value = validateFields(connector, withStored);
  const move = destinationChange(connector, stored, value);
  if (!move) return value;
  // A new address: the stored secrets stay behind. Left out entirely, the first one is asked for.
  const carried = kept.filter((k) => hasValue(stored[k]));
  if (carried.length === 0) return value;
  const reentered = names.some((k) => hasValue(merged[k]));
  const ask = (field: string) => {
    const what = labelOf(connector, move.field);
    const where = move.to ? ` (${what} now points to ${move.to})` : ` (${what} changed)`;
    return new AppError('bad_request', `fields.${field}: Re-enter the ${labelOf(connector, field)} to send it to a new address${where}`, `fields.${field}`);
  };
  if (!reentered) throw ask(carried[0] ?? '');
  const checked = checkAuth(connector, merged);
  if (checked.ok) return checked.input ?? {};
  const first = checked.issues[0];
  if (first?.field && carried.includes(first.field)) throw ask(first.field);
  return validateFields(connector, merged);
}

function labelOf(connector: ConnectorDef, field: string): string {
  if (connector.auth.kind === 'none') return field;
  const schema = connector.auth.fields.shape[field];
  return (schema ? fieldMeta(schema).label : undefined) ?? field;
}

function openStoredOrAsk(keyring: Keyring, workspaceId: string, envelope: string, field: string): AuthValue {
  try {
    return openAuth(keyring, workspaceId, envelope);
  } catch {
    throw new AppError('bad_request', `fields.${field}: the stored value cannot be read any more; enter it again`, `fields.${field}`);
  }
}

/** Deletes a connection unless an active konnector uses it (409 naming them). */
export async function deleteConnection(ws: WorkspaceScope, id: string): Promise<void> {
  const row = await ws.tenant.connection.findFirst({ where: { id }, select: { id: true, name: true } });
  if (!row) throw notFound('Connection');
  const users = await activeKonnectorsUsing(ws.tenant, id);
  if (users.length) {
    const list = users.map((n) => `"${n}"`).join(', ');
    throw new AppError('conflict', `"${row.name}" is used by active konnector${users.length > 1 ? 's' : ''} ${list}. Deactivate ${users.length > 1 ? 'them' : 'it'} or switch ${users.length > 1 ? 'their' : 'its'} steps to another connection first.`);
  }
  await ws.tenant.$transaction(async (tx) => {
    await tx.connection.delete({ where: { id } });
    await audit(ws, { action: 'connection.deleted', targetType: 'connection', targetId: id, targetLabel: row.name }, tx);
  });
}
