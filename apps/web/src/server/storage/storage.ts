/**
 * The Storage page's API: browse a workspace's data store (search by key, keyset pages in key
 * order), read one key with its value, add, edit and delete keys. Writes go through the
 * platform's store (data-store.ts: the same lock, sizes and limits as the Storage tool's steps);
 * expired keys are absent here as everywhere. Every query names the workspace.
 */
import { z } from 'zod';
import { Prisma } from '@konnect/db';
import { storeService } from '@konnect/platform';
import type { StoreValue } from '@konnect/sdk';
import { audit } from '../audit/audit';
import { AppError } from '../errors';
import { platform } from '../services';
import type { WorkspaceScope } from '../workspace-scope';

export const StoreEntryQuery = z.object({
  q: z.string().max(512, 'q: at most 512 characters').optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type StoreEntryQuery = z.infer<typeof StoreEntryQuery>;

const PREVIEW_CHARS = 200;

export interface StoreEntrySummaryDto {
  id: string;
  key: string;
  /** The value as JSON text, cut at 200 characters (`truncated` says so). */
  preview: string;
  truncated: boolean;
  bytes: number;
  expiresAt: string | null;
  updatedAt: string;
}

export interface StoreEntryDto extends Omit<StoreEntrySummaryDto, 'preview' | 'truncated'> {
  value: StoreValue;
  createdAt: string;
}

export interface StoreUsageDto {
  keys: number;
  bytes: number;
  maxKeys: number;
  maxBytes: number;
}

export interface StoreEntryPage {
  entries: StoreEntrySummaryDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  usage: StoreUsageDto;
}

const live = (now: Date) => Prisma.sql`("expiresAt" IS NULL OR "expiresAt" > (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC'))`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function decodeKeyCursor(raw: string): string {
  const key = /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url').toString('utf8') : '';
  if (!key) throw new AppError('bad_request', 'cursor: not a cursor this API returned (use nextCursor from the previous page)', 'cursor');
  return key;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

async function usage(ws: WorkspaceScope, now: Date): Promise<StoreUsageDto> {
  const [row] = await ws.db.$queryRaw<{ keys: number; bytes: number }[]>`
    SELECT count(*)::int AS keys, coalesce(sum("bytes"), 0)::float8 AS bytes FROM "StoreEntry" WHERE "workspaceId" = ${ws.workspaceId} AND ${live(now)}`;
  const { limits } = platform();
  return { keys: row?.keys ?? 0, bytes: row?.bytes ?? 0, maxKeys: limits.storeMaxKeys, maxBytes: limits.storeMaxBytes };
}

export async function listStoreEntries(ws: WorkspaceScope, query: StoreEntryQuery): Promise<StoreEntryPage> {
  const now = new Date();
  const after = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
  const q = query.q?.trim();
  type Row = { id: string; key: string; preview: string; bytes: number; expiresAt: Date | null; updatedAt: Date };
  const rows = await ws.db.$queryRaw<Row[]>`
    SELECT "id", "key", left("value"::text, ${PREVIEW_CHARS + 1}) AS preview, "bytes", "expiresAt", "updatedAt" FROM "StoreEntry"
    WHERE "workspaceId" = ${ws.workspaceId} AND ${live(now)}
      ${q ? Prisma.sql`AND "key" ILIKE ${`%${likeLiteral(q)}%`}` : Prisma.empty}
      ${after !== undefined ? Prisma.sql`AND "key" COLLATE "C" > ${after} COLLATE "C"` : Prisma.empty}
    ORDER BY "key" COLLATE "C" LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      key: r.key,
      preview: r.preview.slice(0, PREVIEW_CHARS),
      truncated: r.preview.length > PREVIEW_CHARS,
      bytes: r.bytes,
      expiresAt: iso(r.expiresAt),
      updatedAt: r.updatedAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? Buffer.from(last.key, 'utf8').toString('base64url') : null,
    usage: await usage(ws, now),
  };
}

async function liveEntry(ws: WorkspaceScope, id: string) {
  const now = new Date();
  const row = await ws.tenant.storeEntry.findFirst({ where: { id, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
  if (!row) throw new AppError('not_found', 'Storage key not found');
  return row;
}

function entryDto(row: { id: string; key: string; value: unknown; bytes: number; expiresAt: Date | null; createdAt: Date; updatedAt: Date }): StoreEntryDto {
  return { id: row.id, key: row.key, value: row.value as StoreValue, bytes: row.bytes, expiresAt: iso(row.expiresAt), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export async function getStoreEntry(ws: WorkspaceScope, id: string): Promise<StoreEntryDto> {
  return entryDto(await liveEntry(ws, id));
}

export interface CreateStoreEntryInput {
  key: string;
  value?: unknown;
  ttlSeconds?: number | null | undefined;
}

export async function createStoreEntry(ws: WorkspaceScope, body: CreateStoreEntryInput): Promise<StoreEntryDto> {
  const store = storeService(platform(), ws.workspaceId);
  await store.set(body.key, (body.value ?? null) as StoreValue, { ...(body.ttlSeconds ? { ttlSeconds: body.ttlSeconds } : {}), onlyIfAbsent: true });
  const row = await ws.tenant.storeEntry.findFirstOrThrow({ where: { key: body.key } });
  await audit(ws, { action: 'storage.created', targetType: 'storage_key', targetId: row.id, targetLabel: row.key, details: { bytes: row.bytes } });
  return entryDto(row);
}

export interface UpdateStoreEntryInput {
  value?: unknown;
  /** A number: expire this many seconds from now; null: never expire; absent: keep the key's expiry. */
  ttlSeconds?: number | null | undefined;
}

export async function updateStoreEntry(ws: WorkspaceScope, id: string, body: UpdateStoreEntryInput): Promise<StoreEntryDto> {
  const entry = await liveEntry(ws, id);
  const kept = body.ttlSeconds === undefined && entry.expiresAt ? Math.max(1, Math.ceil((entry.expiresAt.getTime() - Date.now()) / 1000)) : undefined;
  const ttlSeconds = body.ttlSeconds ?? kept;
  await storeService(platform(), ws.workspaceId).set(entry.key, (body.value ?? null) as StoreValue, ttlSeconds ? { ttlSeconds } : {});
  const row = await ws.tenant.storeEntry.findFirstOrThrow({ where: { key: entry.key } });
  await audit(ws, { action: 'storage.updated', targetType: 'storage_key', targetId: row.id, targetLabel: row.key, details: { bytes: row.bytes } });
  return entryDto(row);
}

export async function deleteStoreEntry(ws: WorkspaceScope, id: string): Promise<{ deleted: true }> {
  const entry = await liveEntry(ws, id);
  const { count } = await ws.tenant.storeEntry.deleteMany({ where: { id } });
  if (count === 0) throw new AppError('not_found', 'Storage key not found');
  await audit(ws, { action: 'storage.deleted', targetType: 'storage_key', targetId: entry.id, targetLabel: entry.key });
  return { deleted: true };
}
