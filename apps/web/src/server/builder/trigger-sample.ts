/**
 * "Sample Fields" / "Refresh Fields": a trigger's recent records fetched live from its app with the
 * workspace's connection, and the fields they have. Nothing is stored here; the builder saves the
 * sample with the konnector (PATCH `sample`). A Catch Hook has nothing to fetch: it answers with the
 * requests the konnector recently caught (its runs' trigger payloads), else the trigger's example.
 */
import { registry } from '@konnect/connectors';
import { resolverFor } from '@konnect/platform';
import { ConnectorError, inferSampleFields, runSample, type ConnectorDef, type TriggerDef } from '@konnect/sdk';
import type { TriggerSample, TriggerSampleBody } from '../../lib/konnector-bodies';
import { AppError, notFound } from '../errors';
import { platform } from '../services';
import type { WorkspaceScope } from '../workspace-scope';

/** Records a sample keeps (newest first). */
export const MAX_SAMPLE_RECORDS = 10;

type SampleRecord = Record<string, unknown>;

export interface SampleSource {
  connector: string;
  event: string;
  connectionId?: string | undefined;
  input?: Record<string, unknown> | undefined;
}

/** The app and its trigger, or a 400 naming the field. */
export function findTrigger(connectorKey: string, event: string): { connector: ConnectorDef; trigger: TriggerDef } {
  const connector = registry.connector(connectorKey);
  if (!connector) throw new AppError('bad_request', `connector: there is no app "${connectorKey}"`, 'connector');
  const trigger = connector.triggers.find((t) => t.key === event);
  if (!trigger) throw new AppError('bad_request', `event: ${connector.name} has no trigger "${event}"`, 'event');
  return { connector, trigger };
}

/** A connector failure as the API's error: the app's own message, 429 when someone asked to wait. */
export function sampleError(err: unknown, prefix: string): unknown {
  if (!(err instanceof ConnectorError)) return err;
  const code = err.kind === 'rate_limited' ? 'rate_limited' : 'bad_request';
  const field = err.kind === 'config' && /^Invalid input/.test(err.message) ? 'input' : undefined;
  return new AppError(code, `${prefix}: ${err.message}`, field);
}

/**
 * Records from the trigger's `sample()` with the workspace's connection (the resolver checks the
 * connection belongs to this workspace and app). Throws ConnectorError for app failures.
 */
export async function liveRecords(workspaceId: string, source: SampleSource): Promise<SampleRecord[]> {
  const { connector } = findTrigger(source.connector, source.event);
  // Triggers: a sample is a read, and the client's own retries ride out a transient 503.
  const resolved = await resolverFor(platform(), 'triggers', workspaceId)(source.connectionId || undefined, connector.key);
  const { records } = await runSample({ connector, triggerKey: source.event, auth: resolved.auth, http: resolved.http, input: source.input ?? {} });
  return records.slice(0, MAX_SAMPLE_RECORDS);
}

/** The connection must be this workspace's (else 404) and for this app (else 400). */
async function checkConnection(ws: WorkspaceScope, connector: ConnectorDef, connectionId: string | undefined): Promise<void> {
  if (connector.auth.kind === 'none') return;
  if (!connectionId) throw new AppError('bad_request', `connectionId: choose a ${connector.name} connection`, 'connectionId');
  const connection = await ws.tenant.connection.findFirst({ where: { id: connectionId }, select: { connectorKey: true, name: true } });
  if (!connection) throw notFound('Connection');
  if (connection.connectorKey !== connector.key) {
    throw new AppError('bad_request', `connectionId: "${connection.name}" is a ${connection.connectorKey} connection, not ${connector.name}`, 'connectionId');
  }
}

/** Trigger payloads of the konnector's latest runs (not replays) started by this same trigger. */
async function caughtRecords(ws: WorkspaceScope, konnectorId: string, source: SampleSource): Promise<SampleRecord[]> {
  const konnector = await ws.tenant.konnector.findFirst({ where: { id: konnectorId }, select: { id: true } });
  if (!konnector) throw notFound('Konnector');
  const runs = await ws.tenant.run.findMany({
    where: { konnectorId, replayOfId: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: MAX_SAMPLE_RECORDS,
    select: { trigger: true, version: { select: { definition: true } } },
  });
  return runs.flatMap((run) => {
    const trigger = (run.version.definition as { trigger?: { connector?: unknown; event?: unknown } } | null)?.trigger;
    const payload = run.trigger;
    const same = trigger?.connector === source.connector && trigger.event === source.event;
    return same && typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? [payload as SampleRecord] : [];
  });
}

export async function fetchTriggerSample(ws: WorkspaceScope, body: TriggerSampleBody): Promise<TriggerSample> {
  const { connector, trigger } = findTrigger(body.connector, body.event);
  const connectionId = connector.auth.kind === 'none' ? undefined : body.connectionId || undefined;
  await checkConnection(ws, connector, connectionId);
  let records: SampleRecord[] = [];
  if (trigger.kind === 'webhook' && body.konnectorId) records = await caughtRecords(ws, body.konnectorId, body);
  if (records.length === 0) {
    try {
      records = await liveRecords(ws.workspaceId, { ...body, connectionId });
    } catch (err) {
      throw sampleError(err, `Could not fetch records from ${connector.name}`);
    }
  }
  return {
    connector: connector.key,
    event: trigger.key,
    connectionId: connectionId ?? null,
    records,
    fields: inferSampleFields(records),
    fetchedAt: new Date().toISOString(),
  };
}
