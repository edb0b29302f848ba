/**
 * Dynamic options: dropdown choices a connector loads from its app (channels, users, companies…)
 * for fields whose meta names them in `dynamicOptions`. `loadOptions` is the one way to call a
 * loader: it bounds what goes in (search, cursor) and checks what comes out, so a loader that
 * answers with a bad shape is an error, never an empty list.
 */
import type { z } from 'zod';
import { ConnectorError } from './errors';
import { fieldMeta } from './meta';
import { connectionHttp, parseAuth } from './runtime';
import type { ConnectorDef, DynamicOptionsDef, HttpClient, HttpClientOptions, OptionItem, OptionsPage } from './types';

export const OPTIONS_LIMITS = {
  /** Items one page may hold. */
  maxItems: 200,
  /** Characters of a search string (after trimming). */
  maxSearch: 200,
  /** Characters of a cursor, either way. */
  maxCursor: 1000,
  /** Characters of an item's value, label and hint. */
  maxValue: 1000,
  maxLabel: 500,
  maxHint: 500,
} as const;

/** The options entry `name` of a connector (own entries only: "constructor" is not a list). */
export function findOptions(connector: ConnectorDef, name: string): DynamicOptionsDef | undefined {
  const all = connector.options;
  return all && Object.hasOwn(all, name) ? all[name] : undefined;
}

const configError = (message: string) => new ConnectorError({ kind: 'config', message, retryable: false });

function checkText(value: unknown, field: 'search' | 'cursor', max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw configError(`${field}: must be a string`);
  const text = field === 'search' ? value.trim() : value;
  if (text === '') return undefined;
  if (text.length > max) throw configError(`${field}: must be at most ${max} characters`);
  return text;
}

function checkItem(raw: unknown, at: string): OptionItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${at} is not an object`);
  const { value, label, hint } = raw as Record<string, unknown>;
  if (typeof value !== 'string' || value === '') throw new Error(`${at}.value must be a non-empty string`);
  if (value.length > OPTIONS_LIMITS.maxValue) throw new Error(`${at}.value is longer than ${OPTIONS_LIMITS.maxValue} characters`);
  if (typeof label !== 'string' || label.trim() === '') throw new Error(`${at}.label must be a non-empty string`);
  if (label.length > OPTIONS_LIMITS.maxLabel) throw new Error(`${at}.label is longer than ${OPTIONS_LIMITS.maxLabel} characters`);
  if (hint !== undefined && typeof hint !== 'string') throw new Error(`${at}.hint must be a string`);
  if (typeof hint === 'string' && hint.length > OPTIONS_LIMITS.maxHint) throw new Error(`${at}.hint is longer than ${OPTIONS_LIMITS.maxHint} characters`);
  return hint ? { value, label, hint } : { value, label };
}

/**
 * A loader's answer checked and copied (no extra keys travel on): an object with `items` (at most
 * `maxItems`, each `{ value, label, hint? }` of strings) and an optional non-empty `nextCursor`.
 * Throws a plain Error naming the first problem.
 */
export function checkOptionsPage(raw: unknown): OptionsPage {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('the page is not an object');
  const { items, nextCursor } = raw as Record<string, unknown>;
  if (!Array.isArray(items)) throw new Error('items must be an array');
  if (items.length > OPTIONS_LIMITS.maxItems) throw new Error(`items holds ${items.length} entries, more than ${OPTIONS_LIMITS.maxItems} per page`);
  const checked = items.map((item, i) => checkItem(item, `items[${i}]`));
  if (nextCursor === undefined || nextCursor === null) return { items: checked };
  if (typeof nextCursor !== 'string' || nextCursor === '') throw new Error('nextCursor must be a non-empty string when present');
  if (nextCursor.length > OPTIONS_LIMITS.maxCursor) throw new Error(`nextCursor is longer than ${OPTIONS_LIMITS.maxCursor} characters`);
  return { items: checked, nextCursor };
}

export interface LoadOptionsOptions {
  /** Raw connection values; validated against the connector's auth fields. */
  auth: unknown;
  /** A ready client; otherwise one is built from the connection with `httpOptions`. */
  http?: HttpClient;
  httpOptions?: Partial<HttpClientOptions>;
  /** Only for `searchable` lists; trimmed, blank means none. */
  search?: string | undefined;
  /** A previous page's `nextCursor`. */
  cursor?: string | undefined;
  signal?: AbortSignal;
}

/**
 * One page of the connector's options list `name`. Errors are ConnectorErrors: `config` for an
 * unknown name, a search on a list that cannot search, or bounds exceeded; the HTTP client's
 * kinds for the app's answers; `server` when the loader returned a page of the wrong shape or
 * failed with something other than a ConnectorError.
 */
export async function loadOptions(connector: ConnectorDef, name: string, opts: LoadOptionsOptions): Promise<OptionsPage> {
  const def = findOptions(connector, name);
  if (!def) throw configError(`${connector.name} has no options list "${name}"`);
  const search = checkText(opts.search, 'search', OPTIONS_LIMITS.maxSearch);
  const cursor = checkText(opts.cursor, 'cursor', OPTIONS_LIMITS.maxCursor);
  if (search !== undefined && !def.searchable) throw configError(`search: ${connector.name}'s "${name}" list cannot be searched; filter the loaded items instead`);
  const auth = parseAuth(connector, opts.auth);
  const http = opts.http ?? connectionHttp(connector, auth, opts.httpOptions);
  const where = `${connector.key} options "${name}"`;
  let raw: unknown;
  try {
    raw = await def.load({
      auth,
      http,
      ...(search !== undefined ? { search } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    throw new ConnectorError({ kind: 'server', message: `${where} failed: ${err instanceof Error ? err.message : String(err)}`, retryable: false });
  }
  try {
    return checkOptionsPage(raw);
  } catch (err) {
    throw new ConnectorError({ kind: 'server', message: `${where} returned an invalid page: ${(err as Error).message}`, retryable: false });
  }
}

// ------------------------------------------------------------ definition-time check

type AnyZod = z.core.$ZodType;

function defOf(schema: AnyZod): Record<string, unknown> {
  const def: unknown = schema._zod.def;
  return typeof def === 'object' && def !== null ? (def as Record<string, unknown>) : {};
}

/** The schemas a field's value is made of: its wrapped schema, object fields, array items, union options. */
function children(schema: AnyZod): [string, AnyZod][] {
  const def = defOf(schema);
  const out: [string, AnyZod][] = [];
  for (const key of ['innerType', 'in', 'out', 'element', 'valueType'] as const) {
    const child = def[key];
    if (child && typeof child === 'object' && '_zod' in child) out.push([key === 'element' ? '[]' : '', child as AnyZod]);
  }
  if (def.type === 'object' && typeof def.shape === 'object' && def.shape !== null) {
    for (const [k, v] of Object.entries(def.shape as Record<string, AnyZod>)) out.push([k, v]);
  }
  if (Array.isArray(def.options)) for (const o of def.options as AnyZod[]) out.push(['', o]);
  return out;
}

/** Every `dynamicOptions` name in a schema, with the field path that names it (e.g. `companies[].company_id`). */
export function dynamicOptionsNames(schema: AnyZod): { path: string; name: string }[] {
  const found: { path: string; name: string }[] = [];
  const seen = new Set<AnyZod>();
  const walk = (s: AnyZod, path: string, depth: number) => {
    if (seen.has(s) || depth > 12) return;
    seen.add(s);
    const name = fieldMeta(s).dynamicOptions;
    if (name !== undefined && !found.some((f) => f.path === path && f.name === name)) found.push({ path, name });
    for (const [step, child] of children(s)) {
      const next = step === '' ? path : step === '[]' ? `${path}[]` : path ? `${path}.${step}` : step;
      walk(child, next, depth + 1);
    }
  };
  walk(schema, '', 0);
  return found;
}

/** Throws when a field names an options list the connector does not declare (a typo fails at definition). */
export function assertOptionsDeclared(connector: ConnectorDef): void {
  for (const [name, def] of Object.entries(connector.options ?? {})) {
    if (typeof def?.load !== 'function') throw new Error(`${connector.key}: options "${name}" has no load() function`);
  }
  const parts = [
    ...connector.triggers.map((t) => ({ what: `trigger "${t.key}"`, input: t.input })),
    ...connector.actions.map((a) => ({ what: `action "${a.key}"`, input: a.input })),
  ];
  for (const { what, input } of parts) {
    for (const { path, name } of dynamicOptionsNames(input)) {
      if (typeof name !== 'string' || !findOptions(connector, name)) {
        const known = Object.keys(connector.options ?? {});
        throw new Error(
          `${connector.key}: ${what} field "${path}" names options "${String(name)}", which the connector does not declare (${known.length ? `it has ${known.map((k) => `"${k}"`).join(', ')}` : 'it declares no options'})`,
        );
      }
    }
  }
}
