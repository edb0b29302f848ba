/**
 * The connector SDK's contract. Connectors (packages/connectors/*), the engine and the
 * platform (web, worker) all speak these types. Implementations live beside this file.
 */
import type { LookupFunction } from 'node:net';
import type { z } from 'zod';

/** Extra metadata a field carries through zod's `.meta()`; the UI renders forms from it. */
export interface FieldMeta {
  label: string;
  description?: string;
  placeholder?: string;
  /** Which identifier the field expects, so the form can say "internal id" vs "email". */
  identifier?: 'internal_id' | 'user_id' | 'email' | 'company_id' | 'externalId';
  /** Render as a multi-line text box. */
  multiline?: boolean;
  /** A secret (API key): write-only in the UI, never echoed. */
  secret?: boolean;
  /** Example value shown as a hint. */
  example?: unknown;
  /**
   * Fill this field's dropdown from the app: the name of an entry in the connector's `options`
   * (e.g. "channels"). The user can still type or map a value; the list is a help, not a limit.
   */
  dynamicOptions?: string;
}

export type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

// ---------------------------------------------------------------- errors

export type ConnectorErrorKind =
  | 'auth' // 401: invalid credentials
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'validation' // 400 / 422
  | 'rate_limited' // 429
  | 'server' // 5xx
  | 'network' // connection refused, reset, DNS
  | 'timeout'
  | 'refused' // outbound request guard refused the address
  | 'config'; // bad input to the connector itself

/** What went out and what came back; stored with a failed step. Secrets are redacted. */
export interface HttpExchange {
  request: { method: string; url: string; body?: unknown };
  response?: { status: number; body?: unknown; headers?: Record<string, string> };
}

export interface ConnectorErrorData {
  kind: ConnectorErrorKind;
  message: string;
  status?: number;
  retryable: boolean;
  /** Set from Retry-After (seconds or HTTP date) on 429/503. */
  retryAfterMs?: number;
  /**
   * The app did not act on the request, so sending it again cannot repeat a side effect: it
   * refused it with a 429, no connection to it could be made, or Konnect held the request back
   * (its own pacing). The engine does not count such a failure against a step's retries.
   */
  unprocessed?: boolean;
  exchange?: HttpExchange;
}

// ---------------------------------------------------------------- HTTP

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path relative to the client's base URL, or an absolute URL. */
  url: string;
  params?: Record<string, string | number | boolean | undefined>;
  /** JSON body, or a FormData for multipart/form-data. */
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Cancels the request (and any retry wait); surfaces as a non-retryable 'network' error. */
  signal?: AbortSignal;
  /** Extra values to redact for this request only (e.g. a token taken from an action's input). */
  secrets?: string[];
  /** 'bytes': `data` is the body's raw bytes (a Buffer), for files; default: JSON or text. */
  responseType?: 'bytes';
  /** Largest body read for this request (default 50 MB); a larger one fails, not retryable. */
  maxResponseBytes?: number;
  /** Called on each 429 answer with its Retry-After in ms (the default wait when it names none), before any retry. */
  onRateLimited?: (retryAfterMs: number) => void | Promise<void>;
  /** false: a 429 is not waited out in-process but surfaces at once as a retryable 'rate_limited' error. */
  waitOnRateLimit?: boolean;
}

export interface HttpResponse<T = unknown> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
}

/** An exponential backoff (see `backoffDelay`): the first retry waits about `baseDelayMs`, each next one twice as long, at most `maxDelayMs`. */
export interface Backoff {
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryPolicy extends Backoff {
  /** Retries after the first attempt (bounded); 0 sends every request once. */
  retries: number;
  /** Longest Retry-After the client waits in-process; longer ones surface as retryable errors. */
  maxRetryAfterMs: number;
}

/**
 * Checks every URL before it is requested (each redirect hop too); throws to refuse. With
 * `lookup`, the client's sockets also resolve names through it, so the address a socket
 * connects to is the one the guard vetted (no DNS-rebinding window).
 */
export interface OutboundGuard {
  (url: URL): Promise<void>;
  lookup?: LookupFunction;
}

export interface HttpClientOptions {
  baseURL?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Values to redact from recorded exchanges and error messages (API keys). */
  secrets?: string[];
  /**
   * Names of `headers` that carry credentials (the ones a connection's auth sets, whatever their
   * names). They go only to the base URL's origin: dropped on a redirect to another origin, and
   * from a request for an absolute URL of another origin, like Authorization, Cookie and
   * Proxy-Authorization (and any header whose value holds one of `secrets`).
   */
  credentialHeaders?: string[];
  /** Outbound guard: called with every URL before it is requested (and on redirects). Throws to refuse. */
  guard?: OutboundGuard;
  /** Redirect hops followed (each one passed to `guard`); default 5. */
  maxRedirects?: number;
  /** Waits between attempts; injectable so tests can observe them. Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); default Math.random. */
  random?: () => number;
}

// ---------------------------------------------------------------- auth

export interface ApiKeyAuth<F extends AnyObjectSchema = AnyObjectSchema> {
  kind: 'apiKey';
  /** The fields a connection stores, e.g. { apiKey, baseUrl }; secret ones carry meta.secret. */
  fields: F;
  /** Base URL and headers for the HTTP client built from a connection's values. */
  http(auth: z.infer<F>): { baseURL: string; headers: Record<string, string> };
  /**
   * Where the connection's secrets are sent when that is not (only) the base URL or a URL field,
   * e.g. an SMTP server: `starttls://smtp.example.com:587`. A changed destination (as a changed
   * scheme, host or port of a URL field) requires the secret to be entered again.
   */
  destination?(auth: z.infer<F>): string;
  /**
   * One cheap call for "Test connection"; throws a ConnectorError on failure. `guard` is the
   * platform's outbound guard, for connectors that open sockets themselves (SMTP): see `vetSocketTarget`.
   */
  validate(ctx: { auth: z.infer<F>; http: HttpClient; guard?: OutboundGuard }): Promise<{ account?: string }>;
}

/** Declared so OAuth2 connectors can be added without reshaping; no connector uses it yet. */
export interface OAuth2Auth<F extends AnyObjectSchema = AnyObjectSchema> {
  kind: 'oauth2';
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  /** Stored token set (access token, refresh token, expiry) and any extra fields. */
  fields: F;
  http(auth: z.infer<F>): { baseURL: string; headers: Record<string, string> };
  validate(ctx: { auth: z.infer<F>; http: HttpClient }): Promise<{ account?: string }>;
}

export interface NoAuth {
  kind: 'none';
}

export type AuthDef = ApiKeyAuth | OAuth2Auth | NoAuth;

/** The runtime value of a connection's auth for a given AuthDef. */
export type AuthValue<A extends AuthDef> = A extends ApiKeyAuth<infer F>
  ? z.infer<F>
  : A extends OAuth2Auth<infer F>
    ? z.infer<F>
    : undefined;

// ---------------------------------------------------------------- triggers

/** Stored by the platform (TriggerCursor row), passed back on every poll. JSON only. */
export interface TriggerCursorData {
  /** Newest timestamp (ISO) or id seen, depending on the strategy. */
  watermark: string | null;
  /** Keys already emitted at the watermark (equal timestamps), bounded. */
  seenKeys: string[];
  /** Lists that cannot sort: how far the current full scan got (spread across polls). */
  scan?: ScanState | null;
}

/**
 * The position of a full scan of a list that cannot sort, kept between polls (pollNewest).
 * A record is new when its time is at or after `since`, which stays fixed for the whole scan
 * and only moves forward when a scan completes.
 */
export interface ScanState {
  /** The next page to read, 1-based. */
  page: number;
  /** ISO: records at or after this time are new in the current scan. */
  since: string;
  /** ISO: when the current scan read its first page; null before it did. */
  startedAt: string | null;
  /** ISO: the newest record time the current scan saw; null when none yet. */
  newest: string | null;
  /** Pages the current scan read so far. */
  pagesRead: number;
  /** Polls the current scan has taken part in so far (since its first page). */
  polls: number;
  /** The last completed scan: its duration (first page to last), polls, pages and end; null before one completed. */
  lastFullScanMs: number | null;
  lastFullScanPolls: number | null;
  lastFullScanPages: number | null;
  lastFullScanAt: string | null;
}

/**
 * The platform's page budget for polls on one connection (shared by every konnector on it).
 * A scan of a list that cannot sort asks before each page and stops when refused; a sorted poll
 * cannot stop midway (its cursor is a watermark), so its pages are only counted.
 */
export interface PollBudget {
  /** Takes one page from the budget; false: none left now (the scan continues next poll). */
  take(): Promise<boolean>;
  /** Counts one page that is read regardless (sorted polls). */
  spend(): Promise<void>;
}

export type DedupeStrategy = 'watermark' | 'id' | 'id+updated_at';

/** One trigger event: becomes one Run. `key` is the event key (unique per konnector). */
export interface TriggerEvent {
  key: string;
  data: Record<string, unknown>;
  occurredAt?: string;
}

export interface PollResult {
  events: TriggerEvent[];
  cursor: TriggerCursorData;
}

export interface SampleField {
  /** Dotted path, e.g. "custom_attributes.plan". */
  path: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'object' | 'array' | 'null';
  example: unknown;
}

export interface SampleResult {
  records: Record<string, unknown>[];
  fields: SampleField[];
}

interface TriggerBase<I extends AnyObjectSchema, Auth> {
  key: string;
  name: string;
  description: string;
  input: I;
  /** Sample Fields for the builder: real recent records. */
  sample(ctx: { input: z.infer<I>; auth: Auth; http: HttpClient }): Promise<SampleResult>;
}

export interface PollingTrigger<I extends AnyObjectSchema = AnyObjectSchema, Auth = unknown>
  extends TriggerBase<I, Auth> {
  kind: 'polling';
  dedupe: DedupeStrategy;
  /** Default poll interval; the platform enforces a 10 s minimum. */
  pollSeconds?: number;
  /** A null cursor means first activation: return no events and a cursor at "now". */
  poll(ctx: {
    input: z.infer<I>;
    auth: Auth;
    http: HttpClient;
    cursor: TriggerCursorData | null;
    /** The connection's page budget (absent: unbounded, e.g. the test kit). */
    budget?: PollBudget;
    /** The clock (tests inject one); default the real time. */
    now?: () => Date;
  }): Promise<PollResult>;
}

export interface WebhookTrigger<I extends AnyObjectSchema = AnyObjectSchema, Auth = unknown>
  extends TriggerBase<I, Auth> {
  kind: 'webhook';
  /** Turns one inbound call into events. */
  parse(req: { body: unknown; headers: Record<string, string>; query: Record<string, string> }): TriggerEvent[];
}

export interface ScheduleTrigger<I extends AnyObjectSchema = AnyObjectSchema, Auth = unknown>
  extends TriggerBase<I, Auth> {
  kind: 'schedule';
  /** Next fire times strictly after `after`, at most `count`. */
  nextFires(input: z.infer<I>, after: Date, count: number): Date[];
  /** The event for a fire at `at` (its key is the scheduled time). */
  fire(input: z.infer<I>, at: Date): TriggerEvent;
}

/**
 * Started only by another konnector's "Run konnector" step (sub-konnectors): nothing to poll or
 * register; the caller's mapped inputs are the event's data.
 */
export interface CallTrigger<I extends AnyObjectSchema = AnyObjectSchema, Auth = unknown>
  extends TriggerBase<I, Auth> {
  kind: 'call';
}

export type TriggerDef<I extends AnyObjectSchema = AnyObjectSchema, Auth = unknown> =
  | PollingTrigger<I, Auth>
  | WebhookTrigger<I, Auth>
  | ScheduleTrigger<I, Auth>
  | CallTrigger<I, Auth>;

// ---------------------------------------------------------------- actions

/** A mail the instance's own mailer sends for a workspace (the "Konnect mail" action). */
export interface InstanceMailMessage {
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
}

/**
 * The instance's mailer as a run sees it, bound to the run's workspace. `unavailable`: the
 * instance has no mailer configured, nothing was queued. Throws a ConnectorError when the
 * workspace may not send (its daily limit).
 */
export interface InstanceMailService {
  send(msg: InstanceMailMessage): Promise<{ id: string; status: 'queued' | 'unavailable' }>;
}

/** What the data store holds under a key: any JSON value. */
export type StoreValue = null | boolean | number | string | StoreValue[] | { [key: string]: StoreValue };

/** One key as the store answers it; `found: false` when the key is absent or expired. */
export interface StoreRead {
  key: string;
  found: boolean;
  value: StoreValue | null;
  /** ISO time the key expires, null when it never does (or is absent). */
  expiresAt: string | null;
}

/**
 * The workspace's data store as a run sees it (the Storage tool), bound to the run's workspace.
 * Each operation is atomic; `ttlSeconds` sets the key's expiry (on Increment and the list
 * operations it is kept when not given). Throws a ConnectorError for a wrong type (Increment on
 * text, Append to a non-list) and when the workspace's store limits are reached.
 */
export interface WorkspaceStoreService {
  set(key: string, value: StoreValue, opts?: { ttlSeconds?: number }): Promise<StoreRead>;
  get(key: string): Promise<StoreRead>;
  delete(key: string): Promise<{ key: string; deleted: boolean }>;
  increment(key: string, by: number, opts?: { ttlSeconds?: number }): Promise<StoreRead & { value: number }>;
  append(key: string, item: StoreValue, opts?: { ttlSeconds?: number }): Promise<StoreRead & { value: StoreValue[] }>;
  getList(key: string): Promise<StoreRead & { value: StoreValue[] }>;
  remove(key: string, item: StoreValue): Promise<StoreRead & { value: StoreValue[]; removed: number }>;
}

/** Services of the Konnect instance itself, handed to actions by the platform (absent in plain connector tests). */
export interface ActionServices {
  mail?: InstanceMailService;
  store?: WorkspaceStoreService;
}

export interface ActionContext<I, Auth> {
  input: I;
  auth: Auth;
  http: HttpClient;
  /** runId:stepId:iteration — pass to apps that honour one. */
  idempotencyKey: string;
  signal?: AbortSignal;
  /**
   * The platform's outbound guard (the one `http` carries), for actions that open sockets
   * themselves (SMTP): check a host with `vetSocketTarget` before connecting. Absent: no policy.
   */
  guard?: OutboundGuard;
  services?: ActionServices;
}

export interface ActionDef<I extends AnyObjectSchema = AnyObjectSchema, Auth = unknown> {
  key: string;
  name: string;
  description: string;
  input: I;
  /** Deletes ("GDPR forget"): the builder warns before activation. */
  destructive?: boolean;
  /** Only reads (a lookup, a formatter): a builder Test run calls it without warning that it writes to the app. */
  readOnly?: boolean;
  /** Group shown in the picker (People, Companies, …). */
  group?: string;
  run(ctx: ActionContext<z.infer<I>, Auth>): Promise<Record<string, unknown>>;
}

// ---------------------------------------------------------------- dynamic options

/** One choice of a dynamic dropdown: `value` is what the field receives, `label` what the user reads. */
export interface OptionItem {
  value: string;
  label: string;
  /** A second line, e.g. an email under a name or "private" beside a channel. */
  hint?: string;
}

export interface OptionsPage {
  items: OptionItem[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * A source of choices for fields whose meta names it in `dynamicOptions` (channels, users,
 * companies…). Loaded with the selected connection's credentials over the SDK's HTTP client.
 */
export interface DynamicOptionsDef<Auth = unknown> {
  /** Whether `load` filters by `search` itself; otherwise the UI filters what was loaded. */
  searchable?: boolean;
  load(ctx: { auth: Auth; http: HttpClient; search?: string; cursor?: string; signal?: AbortSignal }): Promise<OptionsPage>;
}

// ---------------------------------------------------------------- connector

export interface ConnectorDef<A extends AuthDef = AuthDef> {
  key: string;
  name: string;
  description: string;
  /** 'app' connectors show under Apps, 'tool' ones under Tools. */
  category: 'app' | 'tool';
  /** Inline SVG markup for the icon. */
  icon: string;
  auth: A;
  triggers: TriggerDef<AnyObjectSchema, AuthValue<A>>[];
  actions: ActionDef<AnyObjectSchema, AuthValue<A>>[];
  /** Dynamic dropdown sources, by the name fields give in `meta.dynamicOptions`. */
  options?: Record<string, DynamicOptionsDef<AuthValue<A>>>;
}

export interface Registry {
  connectors(): ConnectorDef[];
  connector(key: string): ConnectorDef | undefined;
  trigger(connector: string, key: string): TriggerDef | undefined;
  action(connector: string, key: string): ActionDef | undefined;
}
