import { CreateStoreEntryBody } from '@/lib/api-bodies';
import { route } from '@/server/handler';
import { createStoreEntry, listStoreEntries, StoreEntryQuery } from '@/server/storage/storage';

export const dynamic = 'force-dynamic';

export const GET = route({
  access: 'member',
  query: StoreEntryQuery,
  summary: "The workspace's data store (the Storage tool's keys): keys in order with a value preview, `q` searches keys, keyset pages; with the usage against the limits",
  handle: ({ ws, query }) => listStoreEntries(ws, query),
});

export const POST = route({
  access: 'member',
  body: CreateStoreEntryBody,
  status: 201,
  summary: 'Add a key to the data store (value: any JSON up to 256 KB; optional ttlSeconds)',
  errors: { 409: 'The key exists, or the store is at its limit of keys or bytes (`error.field` names the field)' },
  handle: ({ ws, body }) => createStoreEntry(ws, body),
});
