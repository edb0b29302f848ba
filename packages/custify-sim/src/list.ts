import { recordFields, type CollectionName, type Collections } from './collections';
import type { Ctx } from './context';
import { invalid } from './errors';

export type SortField = 'created_at' | 'updated_at';
export type SortDirection = 'asc' | 'desc';

export interface ListQuery {
  page: number;
  itemsPerPage: number;
  sort: { field: SortField; direction: SortDirection };
  filters: Record<string, unknown>;
}

export interface ListOptions {
  /** Upper bound for itemsPerPage (larger values are clamped). Default 100. */
  maxItemsPerPage?: number;
  /** `sorting` (JSON) for most endpoints; `sort-order` for objectives (`sort`, `order`). */
  sortStyle?: 'sorting' | 'sort-order';
}

export interface ListPage<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
}

interface Stamped {
  id: string;
  created_at: string;
  updated_at: string;
}

const SORT_FIELDS: readonly string[] = ['created_at', 'updated_at'];
const DEFAULT_ITEMS_PER_PAGE = 20;

function positiveInt(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalid(`${name} must be a positive integer`);
  return Number(raw);
}

function parseJsonParam(query: URLSearchParams, name: string): unknown {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw invalid(`${name} must be JSON`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sortField(value: unknown, name: string): SortField {
  if (typeof value === 'string' && SORT_FIELDS.includes(value)) return value as SortField;
  throw invalid(`${name} must be one of created_at, updated_at`);
}

function sortDirection(value: unknown, name: string): SortDirection {
  if (value === 'asc' || value === 'desc') return value;
  throw invalid(`${name} must be asc or desc`);
}

function parseSort(query: URLSearchParams, style: ListOptions['sortStyle']): ListQuery['sort'] {
  if (style === 'sort-order') {
    const field = query.get('sort');
    const order = query.get('order');
    return {
      field: field ? sortField(field, 'sort') : 'created_at',
      direction: order ? sortDirection(order, 'order') : 'desc',
    };
  }
  const sorting = parseJsonParam(query, 'sorting');
  if (sorting === undefined) return { field: 'created_at', direction: 'desc' };
  if (!isPlainObject(sorting)) throw invalid('sorting must be a JSON object {"field","direction"}');
  return {
    field: sorting.field === undefined ? 'created_at' : sortField(sorting.field, 'sorting.field'),
    direction: sorting.direction === undefined ? 'desc' : sortDirection(sorting.direction, 'sorting.direction'),
  };
}

function parseFilters(query: URLSearchParams, fields: ReadonlySet<string>): Record<string, unknown> {
  const filters = parseJsonParam(query, 'filters');
  if (filters === undefined) return {};
  if (!isPlainObject(filters)) throw invalid('filters must be a JSON object of field → value');
  for (const key of Object.keys(filters)) {
    const root = key.split('.')[0] ?? key;
    if (!fields.has(root)) throw invalid(`filters.${key} is not a field of this object`);
  }
  return filters;
}

/** Read `page`, `itemsPerPage`, the sort and `filters` from a query; bad values throw 422 naming the parameter. */
export function parseListQuery(query: URLSearchParams, fields: ReadonlySet<string>, opts: ListOptions = {}): ListQuery {
  const max = opts.maxItemsPerPage ?? 100;
  return {
    page: positiveInt(query, 'page', 1),
    itemsPerPage: Math.min(positiveInt(query, 'itemsPerPage', DEFAULT_ITEMS_PER_PAGE), max),
    sort: parseSort(query, opts.sortStyle),
    filters: parseFilters(query, fields),
  };
}

function valueAt(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Exact match; a scalar filter on an array field matches when the array contains it. */
export function matchesFilters(record: unknown, filters: Record<string, unknown>): boolean {
  return Object.entries(filters).every(([path, expected]) => {
    const actual = valueAt(record, path);
    if (Array.isArray(actual) && !Array.isArray(expected)) return actual.some((item) => deepEqual(item, expected));
    return deepEqual(actual, expected);
  });
}

/** Compare by the sort field, then by id, both in the sort's direction. */
export function compareRecords(sort: ListQuery['sort']): (a: Stamped, b: Stamped) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const byField = Date.parse(a[sort.field]) - Date.parse(b[sort.field]);
    if (byField !== 0) return sign * byField;
    return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

/** Filter, sort and page a collection's records. */
export function applyList<T extends Stamped>(records: readonly T[], query: ListQuery): ListPage<T> {
  const matching = records.filter((r) => matchesFilters(r, query.filters)).sort(compareRecords(query.sort));
  const start = (query.page - 1) * query.itemsPerPage;
  return {
    items: matching.slice(start, start + query.itemsPerPage),
    total: matching.length,
    page: query.page,
    pages: Math.ceil(matching.length / query.itemsPerPage),
  };
}

/** A list endpoint's page of one collection, read from the request's query. */
export function listRecords<C extends CollectionName>(
  ctx: Ctx,
  collection: C,
  opts: ListOptions & { where?: (record: Collections[C]) => boolean } = {},
): ListPage<Collections[C]> {
  const query = parseListQuery(ctx.query, recordFields(collection), opts);
  const records = ctx.store.list(collection);
  return applyList(opts.where ? records.filter(opts.where) : records, query);
}

/** The usual list shape: `{ total, <key>: [...], page, pages }`. */
export function listBody<T>(page: ListPage<T>, key: string): Record<string, unknown> {
  return { total: page.total, [key]: page.items, page: page.page, pages: page.pages };
}
