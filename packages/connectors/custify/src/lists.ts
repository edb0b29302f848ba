import type { HttpClient, HttpRequest } from '@konnect/sdk';
import type { ListSource } from './endpoints';
import type { ApiRecord } from './records';
import { expectRecord, expectRecords, isRecord, numberField, unexpectedResponse } from './records';
import { callEndpoint } from './request';

export type SortField = 'created_at' | 'updated_at';

export interface ListPageRequest {
  page: number;
  perPage: number;
  /** Newest first by this field, when the source can sort. */
  sortBy?: SortField;
  filters?: Record<string, string>;
  /** Query parameters chosen by the trigger's input (e.g. `type=people`). */
  params?: Record<string, string>;
}

export interface ListPage {
  items: ApiRecord[];
  hasMore: boolean;
}

/** Query parameters for one page of a list source. */
export function listParams(source: ListSource, req: ListPageRequest): NonNullable<HttpRequest['params']> {
  const params: NonNullable<HttpRequest['params']> = {
    ...source.params,
    ...req.params,
    page: req.page,
    itemsPerPage: Math.min(req.perPage, source.maxPerPage),
  };
  if (req.sortBy && source.order === 'sorting') {
    params.sorting = JSON.stringify({ field: req.sortBy, direction: 'desc' });
  } else if (req.sortBy && source.order === 'sort-order') {
    params.sort = req.sortBy;
    params.order = 'desc';
  }
  if (req.filters && Object.keys(req.filters).length > 0) params.filters = JSON.stringify(req.filters);
  return params;
}

/** One page of any list endpoint, whatever its response shape. */
export async function fetchListPage(http: HttpClient, source: ListSource, req: ListPageRequest): Promise<ListPage> {
  const data = await callEndpoint(http, source.endpoint, { params: listParams(source, req) });
  const what = `${source.endpoint.method} ${source.endpoint.path}`;
  const perPage = Math.min(req.perPage, source.maxPerPage);
  let envelope: ApiRecord | undefined;
  let items: ApiRecord[];
  switch (source.shape.kind) {
    case 'array':
      items = expectRecords(data, what);
      break;
    case 'wrapped': {
      if (!Array.isArray(data)) throw unexpectedResponse(what, data);
      // An empty outer array is an empty list.
      envelope = data.length === 0 ? { [source.shape.key]: [] } : expectRecord(data[0], what);
      items = expectRecords(envelope[source.shape.key] ?? [], what);
      break;
    }
    case 'object':
      envelope = expectRecord(data, what);
      items = expectRecords(envelope[source.shape.key] ?? [], what);
      break;
  }
  return { items, hasMore: hasMorePages(envelope, req.page, perPage, items.length) };
}

function hasMorePages(envelope: ApiRecord | undefined, page: number, perPage: number, count: number): boolean {
  if (count === 0) return false;
  if (isRecord(envelope)) {
    const pages = numberField(envelope, 'pages');
    if (pages !== undefined) return page < pages;
    const total = numberField(envelope, 'total');
    if (total !== undefined) return page * perPage < total;
  }
  return count >= perPage;
}
