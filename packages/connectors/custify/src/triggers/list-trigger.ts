import { z } from 'zod';
import type { HttpClient, SampleResult } from '@konnect/sdk';
import { pollNewest, sampleResult } from '@konnect/sdk';
import { trigger } from '../auth';
import type { ListSource, ListSourceName } from '../endpoints';
import { LIST_SOURCES } from '../endpoints';
import type { SortField } from '../lists';
import { fetchListPage } from '../lists';
import type { ApiRecord } from '../records';
import { recordId } from '../records';

export interface ListTriggerSpec {
  key: string;
  name: string;
  description: string;
  source: ListSourceName;
  event: 'created' | 'updated';
  /** Segments and playbooks exist for companies and for people: the trigger lets the user choose. */
  ofType?: true;
}

/** `type` of GET /segment and GET /playbook: Custify's client sends `companies`; `people` is the other kind. */
export const listOfType = z
  .enum(['companies', 'people'])
  .default('companies')
  .meta({ label: 'Of', description: 'Watch the ones for companies, or the ones for people.' });

const typedInput = z.object({ type: listOfType.optional() });

/**
 * Pages a sorted poll may read. A newest-first scan cut short by this bound cannot come
 * back for the older rest (the cursor is a watermark), so it is set well above any burst
 * Custify produces between two polls: 20,000 records at 100 per page.
 */
const SORTED_MAX_PAGES = 200;
/**
 * Pages a scan of a list that cannot sort may read in one poll. The connection's page budget
 * (the platform's per-connection cap, shared by every konnector on it) is the real bound: the
 * scan stops when it is spent and goes on from that page next poll (pollNewest, cursor.scan).
 */
const SCAN_PAGES_PER_POLL = 500;
/**
 * Keys the cursor remembers. Every record inside the look-back window must stay known or a
 * later poll emits it again, so this covers a 20,000-record burst (the SDK default is 2,000).
 */
const MAX_SEEN_KEYS = 20_000;
/** Pages the Sample button scans on sources that cannot sort. */
const SAMPLE_SCAN_PAGES = 10;
const SAMPLE_SIZE = 3;

/** Whether the source can list newest-first by `field` (else the trigger scans and filters). */
export function sortsBy(source: ListSource, field: SortField): boolean {
  if (source.order === 'sorting' || source.order === 'sort-order') return true;
  return source.order === 'newest-first' && field === 'created_at';
}

/**
 * The record's time for this trigger (`updated_at` falls back to `created_at`). An unreadable
 * one comes back as '' and pollNewest skips that record rather than failing the whole poll.
 */
function timestampOf(record: ApiRecord, field: SortField): string {
  const value = record[field] ?? (field === 'updated_at' ? record.created_at : undefined);
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : '';
}

function timeOf(record: ApiRecord, field: SortField): number {
  const stamp = timestampOf(record, field);
  return stamp ? Date.parse(stamp) : -Infinity;
}

async function recentRecords(
  http: HttpClient,
  source: ListSource,
  field: SortField,
  params: Record<string, string>,
): Promise<ApiRecord[]> {
  if (sortsBy(source, field)) {
    const page = await fetchListPage(http, source, { page: 1, perPage: SAMPLE_SIZE, sortBy: field, params });
    return page.items.slice(0, SAMPLE_SIZE);
  }
  const all: ApiRecord[] = [];
  for (let page = 1; page <= SAMPLE_SCAN_PAGES; page++) {
    const result = await fetchListPage(http, source, { page, perPage: source.maxPerPage, params });
    all.push(...result.items);
    if (!result.hasMore) break;
  }
  return all.sort((a, b) => timeOf(b, field) - timeOf(a, field)).slice(0, SAMPLE_SIZE);
}

/** A polling trigger over one list source: `created` dedupes on id, `updated` on id + updated_at. */
export function listTrigger(spec: ListTriggerSpec) {
  const source: ListSource = LIST_SOURCES[spec.source];
  const field: SortField = spec.event === 'created' ? 'created_at' : 'updated_at';
  const sorted = sortsBy(source, field);
  const strategy = spec.event === 'created' ? 'id' : 'id+updated_at';
  const paramsOf = (input: { type?: 'companies' | 'people' | undefined }): Record<string, string> =>
    spec.ofType ? { type: input.type ?? 'companies' } : {};
  return trigger({
    kind: 'polling',
    key: spec.key,
    name: spec.name,
    description: spec.description,
    // Without `ofType` the only key is never shown: the schema is empty for the form.
    input: spec.ofType ? typedInput : typedInput.omit({ type: true }),
    dedupe: strategy,
    pollSeconds: 60,
    poll: ({ http, cursor, input, budget, now }) =>
      pollNewest<ApiRecord>({
        cursor,
        strategy,
        sorted,
        ...(budget ? { budget } : {}),
        ...(now ? { now } : {}),
        maxPages: sorted ? SORTED_MAX_PAGES : SCAN_PAGES_PER_POLL,
        maxSeenKeys: MAX_SEEN_KEYS,
        fetchPage: (page) =>
          fetchListPage(http, source, {
            page,
            perPage: source.maxPerPage,
            params: paramsOf(input),
            ...(sorted ? { sortBy: field } : {}),
          }),
        id: recordId,
        timestamp: (record) => timestampOf(record, field),
      }),
    sample: async ({ http, input }): Promise<SampleResult> =>
      sampleResult(await recentRecords(http, source, field, paramsOf(input))),
  });
}
