import { ConnectorError } from './errors';
import { loadOptions } from './options';
import { connectionHttp, parseAuth, runAction, runPoll, runSample, type ConnectionAuth } from './runtime';
import type { ActionServices, ConnectorDef, HttpClient, HttpClientOptions, OptionsPage, PollBudget, PollResult, SampleResult, TriggerCursorData } from './types';

export interface TestKitOptions {
  /** Connection values, validated against the connector's auth fields. */
  auth?: unknown;
  /** Overrides the base URL the connection would use (e.g. a local simulator). */
  baseURL?: string;
  /** Extra HTTP client options (retry policy, sleep, guard…); the guard is also handed to actions and validate(). */
  http?: Partial<HttpClientOptions>;
  /** The instance's services (Konnect mail) handed to actions. */
  services?: ActionServices;
}

export interface TestKit {
  /** The parsed connection values. */
  auth: ConnectionAuth;
  http: HttpClient;
  /** Runs the auth's validate() call; throws its ConnectorError on failure. */
  validate(): Promise<{ account?: string }>;
  /** Runs an action; its input is fitted and validated as in a live run (`checkActionInput`). */
  runAction(key: string, input: unknown, idempotencyKey?: string): Promise<Record<string, unknown>>;
  /** `extra`: a page budget and a clock, as the platform passes them. */
  poll(key: string, input: unknown, cursor: TriggerCursorData | null, extra?: { budget?: PollBudget; now?: () => Date }): Promise<PollResult>;
  sample(key: string, input: unknown): Promise<SampleResult>;
  /** One page of a dynamic options list, checked as the API checks it (`loadOptions`). */
  options(name: string, page?: { search?: string; cursor?: string }): Promise<OptionsPage>;
}

/**
 * A connector with one connection, for its authors' tests: every call goes through the
 * same validation and HTTP client the platform uses, against any base URL.
 */
export function createTestKit(connector: ConnectorDef, options: TestKitOptions = {}): TestKit {
  const auth = parseAuth(connector, options.auth);
  const http = connectionHttp(connector, auth, {
    ...options.http,
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
  });
  let calls = 0;
  const base = { connector, auth, http, ...(options.http ? { httpOptions: options.http } : {}), ...(options.services ? { services: options.services } : {}) };
  return {
    auth,
    http,
    async validate() {
      if (connector.auth.kind === 'none') return {};
      if (!auth) throw new ConnectorError({ kind: 'config', message: 'No connection values', retryable: false });
      const guard = options.http?.guard;
      return connector.auth.validate({ auth, http, ...(guard ? { guard } : {}) });
    },
    runAction: (key, input, idempotencyKey) =>
      runAction({ ...base, actionKey: key, input, idempotencyKey: idempotencyKey ?? `test:${key}:${++calls}` }),
    poll: (key, input, cursor, extra) => runPoll({ ...base, triggerKey: key, input, cursor, ...extra }),
    sample: (key, input) => runSample({ ...base, triggerKey: key, input }),
    options: (name, page = {}) => loadOptions(connector, name, { auth, http, search: page.search, cursor: page.cursor }),
  };
}
