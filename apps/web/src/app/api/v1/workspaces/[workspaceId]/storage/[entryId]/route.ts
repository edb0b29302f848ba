import { z } from 'zod';
import { UpdateStoreEntryBody } from '@/lib/api-bodies';
import { idParam, route } from '@/server/handler';
import { deleteStoreEntry, getStoreEntry, updateStoreEntry } from '@/server/storage/storage';

export const dynamic = 'force-dynamic';

const params = z.object({ entryId: idParam('entryId') });

export const GET = route({ access: 'member', params, summary: 'One data-store key with its full value', handle: ({ ws, params }) => getStoreEntry(ws, params.entryId) });

export const PUT = route({
  access: 'member',
  params,
  body: UpdateStoreEntryBody,
  summary: "Replace a key's value; ttlSeconds: seconds from now, null for no expiry, absent to keep its expiry",
  errors: { 409: 'The store would exceed its byte limit' },
  handle: ({ ws, params, body }) => updateStoreEntry(ws, params.entryId, body),
});

export const DELETE = route({ access: 'admin', params, summary: 'Delete a data-store key', handle: ({ ws, params }) => deleteStoreEntry(ws, params.entryId) });
