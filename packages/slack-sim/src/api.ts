/** One Web API call: token, faults, scopes, the method itself, and the `ok` envelope. */
import type { IncomingMessage } from 'node:http';
import { SlackError } from './context';
import { faultAnswer, type FaultList } from './faults';
import { parseRequest, type Reply } from './http-io';
import { METHODS } from './methods';
import type { RecordedRequest } from './request-log';
import { maskAuthorization, withoutToken } from './request-log';
import type { Sleeper } from './sleeper';
import type { SlackStore } from './store';

export interface ApiState {
  store: SlackStore;
  faults: FaultList;
  sleeper: Sleeper;
  latencyMs: number;
}

function failure(err: SlackError, warnings: string[] = []): Reply {
  return { status: 200, body: { ok: false, error: err.code, ...err.extra, ...warningFields(warnings) } };
}

function warningFields(warnings: string[]): Record<string, unknown> {
  return warnings.length === 0 ? {} : { warning: warnings.join(','), response_metadata: { warnings } };
}

/** Answers `/api/<method>`; fills `entry` (the request log's record) as it learns things. */
export async function answerApi(state: ApiState, req: IncomingMessage, url: URL, raw: Buffer | null, entry: RecordedRequest): Promise<Reply> {
  const name = url.pathname.slice('/api/'.length);
  const method = METHODS.get(name);
  entry.authorization = maskAuthorization(req.headers.authorization);
  if (req.method !== 'GET' && req.method !== 'POST') return { status: 405, body: { ok: false, error: 'method_not_allowed' }, headers: { allow: 'GET, POST' } };
  if (raw === null) return failure(new SlackError('request_too_large'));
  let parsed;
  try {
    parsed = parseRequest(req, url, raw, method?.json ?? false);
  } catch (err) {
    entry.body = raw.toString('utf8');
    if (err instanceof SlackError) return failure(err);
    throw err;
  }
  entry.body = withoutToken(parsed.logged);
  entry.tokenSource = parsed.tokenSource;
  if (state.latencyMs > 0) await state.sleeper.sleep(state.latencyMs);
  const fault = state.faults.take(name, parsed.token);
  if (fault) {
    if (fault.delayMs) await state.sleeper.sleep(fault.delayMs);
    const answer = faultAnswer(fault);
    if (answer) return answer;
  }
  if (!method) return { status: 404, body: { ok: false, error: 'unknown_method', req_method: name } };
  if (parsed.token === null) return failure(new SlackError('not_authed'), parsed.warnings);
  const token = state.store.tokens.get(parsed.token);
  if (!token) return failure(new SlackError('invalid_auth'), parsed.warnings);
  if (token.revoked) return failure(new SlackError('token_revoked'), parsed.warnings);
  const missing = method.scopes.find((s) => !token.scopes.includes(s));
  if (missing) return failure(new SlackError('missing_scope', { needed: missing, provided: token.scopes.join(',') }), parsed.warnings);
  try {
    const result = method.run({ store: state.store, args: parsed.args, token });
    const warnings = warningFields(parsed.warnings);
    const metadata = { ...(result.response_metadata as object | undefined), ...(warnings.response_metadata as object | undefined) };
    return { status: 200, body: { ok: true, ...result, ...warnings, ...(Object.keys(metadata).length > 0 ? { response_metadata: metadata } : {}) } };
  } catch (err) {
    if (err instanceof SlackError) return failure(err, parsed.warnings);
    throw err;
  }
}
