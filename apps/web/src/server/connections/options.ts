/**
 * A page of a connection's dynamic options list (the builder's dropdowns of channels, users,
 * companies…): the stored connection opened as "Test connection" opens it (one attempt, a
 * deadline, the outbound guard), the connector's loader called through the SDK's `loadOptions`
 * (bounds and shape checks), and every failure turned into a clear 4xx/502 with the secret
 * scrubbed. Calls are rate limited per connection. Nothing is stored, except that the app refusing
 * the credentials marks the connection "needs attention" (as a run or a poll does), which alerts.
 */
import { markConnectionNeedsAttention, redisKey, takeTokenOrLocal, type BucketSpec } from '@konnect/platform';
import { checkAuth, ConnectorError, findOptions, loadOptions, type ConnectorDef, type OptionItem } from '@konnect/sdk';
import type { ConnectionOptionsBody } from '../../lib/api-bodies';
import { AppError, notFound } from '../errors';
import { platform, queues, redis } from '../services';
import type { WorkspaceScope } from '../workspace-scope';
import type { ConnectorDeps } from './connections';
import { openForUser } from './open';
import { scrubSecrets, type AuthValue } from './secrets';

export interface OptionsPageDto {
  items: OptionItem[];
  /** Send back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Option loads per connection: 3 a second on average, bursts of 30 (a dropdown opened, searched, paged). */
export const OPTIONS_RATE: BucketSpec = { perSecond: 3, burst: 30 };

interface Failing {
  connector: ConnectorDef;
  connectionName: string;
  auth: AuthValue;
}

/** A connector failure in the API's terms: what the app said, and what the user can do about it. */
export function optionsFailure(err: ConnectorError, { connector, connectionName, auth }: Failing): AppError {
  const said = scrubSecrets(err.message, connector, auth);
  const app = connector.name;
  switch (err.kind) {
    case 'auth':
    case 'forbidden':
      return new AppError('unprocessable', `${app} refused the credentials of "${connectionName}": ${said}. Reconnect it (Connections → Edit, enter the key again), then try again.`);
    case 'refused':
      return new AppError('unprocessable', `Konnect may not call the address of "${connectionName}": ${said}. Check its base URL.`);
    case 'rate_limited': {
      const error = new AppError('rate_limited', `${app} is limiting requests: ${said}`);
      error.retryAfterSeconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 10_000) / 1000));
      return error;
    }
    case 'network':
    case 'timeout':
      return new AppError('bad_gateway', `${app} could not be reached: ${said}`);
    case 'config': {
      const field = /^(search|cursor):/.exec(said)?.[1];
      return new AppError('bad_request', said, field);
    }
    case 'server':
    case 'not_found':
    case 'validation':
      return new AppError('bad_gateway', `${app} did not give a usable answer: ${said}`);
  }
}

export async function loadConnectionOptions(ws: WorkspaceScope, deps: ConnectorDeps, connectionId: string, name: string, body: ConnectionOptionsBody): Promise<OptionsPageDto> {
  const row = await ws.tenant.connection.findFirst({ where: { id: connectionId }, select: { connectorKey: true, name: true, secret: true } });
  if (!row) throw notFound('Connection');
  const opened = openForUser(ws, deps, row.connectorKey, row.secret);
  if (!opened.ok) throw opened.reason === 'connector' ? new AppError('not_found', opened.message) : new AppError('unprocessable', opened.message);
  const { connector, auth } = opened;
  const list = findOptions(connector, name);
  if (!list) {
    const known = Object.keys(connector.options ?? {});
    throw new AppError('not_found', `${connector.name} has no options list "${name}"${known.length ? ` (it has ${known.join(', ')})` : ''}`);
  }
  if (body.search?.trim() && !list.searchable) {
    throw new AppError('bad_request', `search: ${connector.name}'s "${name}" list cannot be searched; filter the loaded items instead`, 'search');
  }
  // Values the connector no longer accepts (a field became required): the user must reconnect.
  const valid = checkAuth(connector, auth);
  if (!valid.ok) throw new AppError('unprocessable', `"${row.name}" holds values ${connector.name} no longer accepts (${valid.message}). Reconnect it, then try again.`);

  const token = await takeTokenOrLocal(redis(), platform().deps, redisKey(queues(), 'rate', 'options', connectionId), OPTIONS_RATE);
  if (!token.allowed) {
    const wait = Math.max(1, Math.ceil(token.waitMs / 1000));
    const error = new AppError('rate_limited', `Too many option loads on this connection; try again in ${wait} s`);
    error.retryAfterSeconds = wait;
    throw error;
  }
  try {
    const page = await loadOptions(connector, name, { auth, httpOptions: opened.httpOptions, search: body.search, cursor: body.cursor });
    return { items: page.items, nextCursor: page.nextCursor ?? null };
  } catch (err) {
    if (err instanceof ConnectorError) {
      const failure = optionsFailure(err, { connector, connectionName: row.name, auth });
      if (err.kind === 'auth' || err.kind === 'forbidden') await markConnectionNeedsAttention(platform(), ws.workspaceId, connectionId, scrubSecrets(err.message, connector, auth));
      throw failure;
    }
    throw err;
  }
}
