/** "Test connection": decrypt, make the connector's one cheap call, store and return the outcome. */
import { resumeTriggersFor } from '@konnect/platform';
import { testConnection } from '@konnect/sdk';
import type { ConnectionStatus } from '@konnect/db';
import { audit } from '../audit/audit';
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';
import { platform } from '../services';
import { connectionDto, connectionSelect, type ConnectionDto, type ConnectorDeps } from './connections';
import { konnectorsUsing } from './usage';
import { openForUser } from './open';
import { scrubSecrets } from './secrets';

export interface ConnectionTestResult {
  ok: boolean;
  status: ConnectionStatus;
  message: string;
  account?: string;
  /** Konnectors whose trigger this connection had paused, resumed by this passing test. */
  resumed: string[];
  lastCheckedAt: string;
  connection: ConnectionDto;
}

async function outcome(ws: WorkspaceScope, deps: ConnectorDeps, connectorKey: string, envelope: string): Promise<{ ok: boolean; message: string; account?: string }> {
  const opened = openForUser(ws, deps, connectorKey, envelope);
  if (!opened.ok) return { ok: false, message: opened.message };
  const { connector, auth } = opened;
  const result = await testConnection(connector, auth, opened.httpOptions);
  if (result.ok) return { ok: true, message: result.account ? `Connected to ${result.account}` : 'Connected', ...(result.account ? { account: result.account } : {}) };
  return { ok: false, message: scrubSecrets(result.error.message, connector, auth) };
}

export async function testStoredConnection(ws: WorkspaceScope, deps: ConnectorDeps, id: string): Promise<ConnectionTestResult> {
  const row = await ws.tenant.connection.findFirst({ where: { id }, select: { connectorKey: true, secret: true } });
  if (!row) throw notFound('Connection');
  const { ok, message, account } = await outcome(ws, deps, row.connectorKey, row.secret);
  const status: ConnectionStatus = ok ? 'ok' : 'needs_attention';
  const updated = await ws.tenant.connection.update({
    where: { id },
    data: { status, statusMessage: message.slice(0, 1000), lastCheckedAt: new Date() },
    select: connectionSelect,
  });
  // The connection works: every trigger it paused resumes (and catches up) without a toggle.
  const resumed = ok ? await resumeTriggersFor(platform(), ws.workspaceId, id) : [];
  const connection = connectionDto(updated, await konnectorsUsing(ws.tenant, id));
  await audit(ws, { action: 'connection.tested', targetType: 'connection', targetId: id, targetLabel: updated.name, details: { ok, status, ...(resumed.length ? { resumedKonnectors: resumed.length } : {}) } });
  const said = connection.statusMessage ?? message;
  const text = resumed.length ? `${said} · ${resumed.length} paused konnector${resumed.length > 1 ? 's' : ''} resumed` : said;
  return { ok, status, message: text, resumed, ...(account ? { account } : {}), lastCheckedAt: connection.lastCheckedAt ?? new Date().toISOString(), connection };
}
