import type { z } from 'zod';
import { ConnectorError, toErrorData } from './errors';
import { createHttpClient } from './http';
import { checkActionInput, checkInput, type InputCheck } from './input';
import { secretFieldNames } from './meta';
import type {
  ActionDef,
  ActionServices,
  AnyObjectSchema,
  ConnectorDef,
  ConnectorErrorData,
  HttpClient,
  HttpClientOptions,
  PollBudget,
  PollResult,
  SampleResult,
  ScanState,
  TriggerCursorData,
  TriggerDef,
} from './types';

/** A parsed connection value: the auth fields' output, or undefined for auth kind 'none'. */
export type ConnectionAuth = Record<string, unknown> | undefined;

/**
 * Validates a value with a schema as it is (trigger inputs); a failure is a ConnectorError of
 * kind 'config' whose message names each failing field path, e.g. `Invalid input for "New Person": list: …`.
 */
export function parseInput<S extends AnyObjectSchema>(schema: S, raw: unknown, what: string): z.output<S> {
  const checked = checkInput(schema, raw);
  if (checked.ok) return checked.input;
  throw new ConnectorError({ kind: 'config', message: `Invalid ${what}: ${checked.message}`, retryable: false });
}

/**
 * Raw connection values checked against the connector's auth fields, each bad field named
 * (`undefined` for auth kind 'none').
 */
export function checkAuth(connector: ConnectorDef, raw: unknown): InputCheck<ConnectionAuth> {
  if (connector.auth.kind === 'none') return { ok: true, input: undefined };
  return checkInput(connector.auth.fields, raw);
}

/** Validates raw connection values against the connector's auth fields (ConnectorError 'config'). */
export function parseAuth(connector: ConnectorDef, raw: unknown): ConnectionAuth {
  const checked = checkAuth(connector, raw);
  if (checked.ok) return checked.input;
  throw new ConnectorError({ kind: 'config', message: `Invalid connection for ${connector.name}: ${checked.message}`, retryable: false });
}

/** The values of a connection's secret fields (meta `secret: true`), for redaction. */
export function connectionSecrets(connector: ConnectorDef, auth: ConnectionAuth): string[] {
  if (connector.auth.kind === 'none' || !auth) return [];
  const out: string[] = [];
  for (const name of secretFieldNames(connector.auth.fields)) {
    const value = auth[name];
    if (typeof value === 'string' && value !== '') out.push(value);
  }
  return out;
}

/**
 * Every value of a connection that must never be shown: its secret fields, and the auth headers
 * built from them, whole and their credential part (e.g. the base64 `user:password` of a Basic
 * header, which contains no secret field verbatim).
 */
export function connectionSecretValues(connector: ConnectorDef, auth: ConnectionAuth): string[] {
  const secrets = connectionSecrets(connector, auth);
  if (connector.auth.kind === 'none' || !auth || secrets.length === 0) return secrets;
  const derived: string[] = [];
  for (const value of Object.values(connector.auth.http(auth).headers)) {
    if (!secrets.some((s) => value.includes(s)) && !/^(basic|bearer|token)\s/i.test(value)) continue;
    derived.push(value);
    const credential = /^\S+\s+(\S+)$/.exec(value)?.[1];
    if (credential) derived.push(credential);
  }
  return [...new Set([...secrets, ...derived])];
}

/**
 * The HTTP client for one connection: base URL and headers from `auth.http(auth)`, every secret
 * value redacted, plus the platform's extras (guard, timeouts, retry policy). The headers the auth
 * sets, whatever their names, are the client's credential headers: they never leave the base
 * URL's origin (dropped on a cross-origin redirect).
 */
export function connectionHttp(
  connector: ConnectorDef,
  auth: ConnectionAuth,
  extra: Partial<HttpClientOptions> = {},
): HttpClient {
  if (connector.auth.kind === 'none') return createHttpClient({ ...extra });
  const base = connector.auth.http(auth ?? {});
  return createHttpClient({
    baseURL: base.baseURL,
    ...extra,
    headers: { ...base.headers, ...extra.headers },
    credentialHeaders: [...Object.keys(base.headers), ...(extra.credentialHeaders ?? [])],
    secrets: [...connectionSecretValues(connector, auth), ...(extra.secrets ?? [])],
  });
}

function findAction(connector: ConnectorDef, key: string): ActionDef {
  const action = connector.actions.find((a) => a.key === key);
  if (!action) {
    throw new ConnectorError({ kind: 'config', message: `${connector.key} has no action "${key}"`, retryable: false });
  }
  return action;
}

function findTrigger(connector: ConnectorDef, key: string): TriggerDef {
  const trigger = connector.triggers.find((t) => t.key === key);
  if (!trigger) {
    throw new ConnectorError({ kind: 'config', message: `${connector.key} has no trigger "${key}"`, retryable: false });
  }
  return trigger;
}

const isoOrNull = (v: unknown) => v === null || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));
const countOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

function isScanState(raw: unknown): raw is ScanState {
  if (typeof raw !== 'object' || raw === null) return false;
  const s = raw as Record<string, unknown>;
  return (
    Number.isInteger(s.page) && (s.page as number) >= 1 &&
    typeof s.since === 'string' && !Number.isNaN(Date.parse(s.since)) &&
    isoOrNull(s.startedAt) && isoOrNull(s.newest) && isoOrNull(s.lastFullScanAt) &&
    countOrNull(s.pagesRead) && s.pagesRead !== null && countOrNull(s.polls) && s.polls !== null &&
    countOrNull(s.lastFullScanMs) && countOrNull(s.lastFullScanPolls) && countOrNull(s.lastFullScanPages)
  );
}

function parseCursor(raw: TriggerCursorData | null | undefined): TriggerCursorData | null {
  if (raw === null || raw === undefined) return null;
  const ok =
    typeof raw === 'object' &&
    (raw.watermark === null || typeof raw.watermark === 'string') &&
    Array.isArray(raw.seenKeys) &&
    raw.seenKeys.every((k) => typeof k === 'string') &&
    (raw.scan === undefined || raw.scan === null || isScanState(raw.scan));
  if (!ok) {
    throw new ConnectorError({
      kind: 'config',
      message: 'Invalid trigger cursor: expected { watermark: string | null, seenKeys: string[], scan?: ScanState | null }',
      retryable: false,
    });
  }
  return raw;
}

interface RunBase {
  connector: ConnectorDef;
  /** Raw connection values; validated against the connector's auth fields. */
  auth: unknown;
  input: unknown;
  /** A ready client; otherwise one is built from the connection with `httpOptions`. */
  http?: HttpClient;
  httpOptions?: Partial<HttpClientOptions>;
}

export interface RunActionOptions extends RunBase {
  actionKey: string;
  idempotencyKey: string;
  signal?: AbortSignal;
  /** The instance's services (Konnect mail), as the platform hands them to a run's actions. */
  services?: ActionServices;
}

/**
 * Runs one action of a connector on its own (connector tests, the test kit). The input is fitted
 * and validated by `checkActionInput`, as in a live run's action step: a bad field is a
 * ConnectorError 'config' with the message a live run records.
 */
export async function runAction(opts: RunActionOptions): Promise<Record<string, unknown>> {
  const action = findAction(opts.connector, opts.actionKey);
  const auth = parseAuth(opts.connector, opts.auth);
  const checked = checkActionInput(action.input, opts.input);
  if (!checked.ok) throw new ConnectorError({ kind: 'config', message: checked.message, retryable: false });
  const input = checked.input;
  const http = opts.http ?? connectionHttp(opts.connector, auth, opts.httpOptions);
  const output = await action.run({
    input,
    auth,
    http,
    idempotencyKey: opts.idempotencyKey,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.httpOptions?.guard ? { guard: opts.httpOptions.guard } : {}),
    ...(opts.services ? { services: opts.services } : {}),
  });
  if (typeof output !== 'object' || output === null || Array.isArray(output)) {
    throw new ConnectorError({
      kind: 'config',
      message: `${opts.connector.key}.${action.key} returned ${Array.isArray(output) ? 'an array' : typeof output}, expected an object`,
      retryable: false,
    });
  }
  return output;
}

export interface RunPollOptions extends RunBase {
  triggerKey: string;
  cursor: TriggerCursorData | null;
  /** The connection's page budget (the platform's per-connection cap); absent: unbounded. */
  budget?: PollBudget;
  now?: () => Date;
}

/** One poll of a polling trigger: new events since the cursor and the advanced cursor. */
export async function runPoll(opts: RunPollOptions): Promise<PollResult> {
  const trigger = findTrigger(opts.connector, opts.triggerKey);
  if (trigger.kind !== 'polling') {
    throw new ConnectorError({
      kind: 'config',
      message: `${opts.connector.key}.${trigger.key} is a ${trigger.kind} trigger, not a polling one`,
      retryable: false,
    });
  }
  const auth = parseAuth(opts.connector, opts.auth);
  const input = parseInput(trigger.input, opts.input, `input for "${trigger.name}"`);
  const cursor = parseCursor(opts.cursor);
  const http = opts.http ?? connectionHttp(opts.connector, auth, opts.httpOptions);
  return trigger.poll({ input, auth, http, cursor, ...(opts.budget ? { budget: opts.budget } : {}), ...(opts.now ? { now: opts.now } : {}) });
}

export interface RunSampleOptions extends RunBase {
  triggerKey: string;
}

/** Sample records and fields for a trigger, for the builder's field picker. */
export async function runSample(opts: RunSampleOptions): Promise<SampleResult> {
  const trigger = findTrigger(opts.connector, opts.triggerKey);
  const auth = parseAuth(opts.connector, opts.auth);
  const input = parseInput(trigger.input, opts.input, `input for "${trigger.name}"`);
  const http = opts.http ?? connectionHttp(opts.connector, auth, opts.httpOptions);
  return trigger.sample({ input, auth, http });
}

export type TestConnectionResult = { ok: true; account?: string } | { ok: false; error: ConnectorErrorData };

/** "Test connection": the auth's one cheap call. Never throws. */
export async function testConnection(
  connector: ConnectorDef,
  rawAuth: unknown,
  extra?: Partial<HttpClientOptions>,
): Promise<TestConnectionResult> {
  if (connector.auth.kind === 'none') return { ok: true };
  try {
    const auth = parseAuth(connector, rawAuth) ?? {};
    const http = connectionHttp(connector, auth, extra);
    const { account } = await connector.auth.validate({ auth, http, ...(extra?.guard ? { guard: extra.guard } : {}) });
    return account === undefined ? { ok: true } : { ok: true, account };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
