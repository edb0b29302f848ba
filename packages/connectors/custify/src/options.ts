/**
 * Dynamic options: the builder's dropdowns for fields that name a Custify record. Each list is
 * one `LIST_SOURCES` entry read a page (100 records) at a time; the cursor is the next page
 * number. Custify documents no text search on these lists (`filters` matches whole values only),
 * so none is `searchable`: the builder filters the loaded items itself.
 *
 * The value is what the fields expect: the internal id (`companies`, `people`, `tags`), a
 * company's own `company_id` (`company_ids`), or a tag's name (`tag_names`).
 */
import { ConnectorError, type DynamicOptionsDef, type HttpClient, type OptionItem, type OptionsPage } from '@konnect/sdk';
import type { CustifyAuthValue } from './auth';
import { LIST_SOURCES, type ListSource } from './endpoints';
import { fetchListPage } from './lists';
import { recordId, type ApiRecord } from './records';

export const OPTIONS_PAGE_SIZE = 100;

type CustifyOptions = DynamicOptionsDef<CustifyAuthValue>;

function text(record: ApiRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The page a cursor names: a page number this connector handed out. */
function pageOf(cursor: string | undefined): number {
  if (cursor === undefined) return 1;
  if (!/^[1-9]\d{0,5}$/.test(cursor)) {
    throw new ConnectorError({ kind: 'config', message: `cursor: "${cursor.slice(0, 40)}" is not a page of this list`, retryable: false });
  }
  return Number(cursor);
}

/** A list of records as options: one page per call, `toItem` deciding each record's choice (or none). */
function listOptions(source: ListSource, toItem: (record: ApiRecord) => OptionItem | undefined): CustifyOptions {
  return {
    searchable: false,
    async load({ http, cursor }: { http: HttpClient; cursor?: string }): Promise<OptionsPage> {
      const page = pageOf(cursor);
      const result = await fetchListPage(http, source, { page, perPage: OPTIONS_PAGE_SIZE });
      const items = result.items.flatMap((r) => {
        const item = toItem(r);
        return item ? [item] : [];
      });
      return result.hasMore ? { items, nextCursor: String(page + 1) } : { items };
    },
  };
}

const withHint = (value: string, label: string, hint: string | undefined): OptionItem => (hint && hint !== label ? { value, label, hint } : { value, label });

function personItem(p: ApiRecord): OptionItem {
  const email = text(p, 'email');
  const userId = text(p, 'user_id');
  const label = text(p, 'name') ?? email ?? userId ?? recordId(p);
  return withHint(recordId(p), label, email ?? (userId ? `user_id ${userId}` : undefined));
}

/** A company's name, else its company_id, else its id; the company_id as hint when the name is shown. */
function companyItem(c: ApiRecord, value: string): OptionItem {
  const key = text(c, 'company_id');
  const name = text(c, 'name');
  return withHint(value, name ?? key ?? recordId(c), name && key ? `company_id ${key}` : undefined);
}

const tagHint = (t: ApiRecord): string | undefined => {
  const category = text(t, 'category');
  return category === 'people' ? 'People tag' : category === 'company' ? 'Company tag' : category;
};

export const custifyOptions: Record<string, CustifyOptions> = {
  people: listOptions(LIST_SOURCES.people, personItem),
  companies: listOptions(LIST_SOURCES.companies, (c) => companyItem(c, recordId(c))),
  // A company without its own company_id cannot be named by one: it is not offered.
  company_ids: listOptions(LIST_SOURCES.companies, (c) => {
    const key = text(c, 'company_id');
    return key ? companyItem(c, key) : undefined;
  }),
  tags: listOptions(LIST_SOURCES.tags, (t) => withHint(recordId(t), text(t, 'name') ?? recordId(t), tagHint(t))),
  // The exact name, as the tag actions send it.
  tag_names: listOptions(LIST_SOURCES.tags, (t) => {
    const name = t.name;
    return typeof name === 'string' && name.trim() !== '' ? withHint(name, name, tagHint(t)) : undefined;
  }),
};
