/**
 * The event log: runs newest first, workspace-wide or for one konnector, with status and date
 * filters and keyset pagination on (createdAt, id) — each page is an index range scan, however
 * deep (see cursor.ts).
 */
import type { Prisma, RunStatus } from '@konnect/db';
import type { RunListQuery } from '../../lib/konnector-bodies';
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';
import { decodeCursor, encodeCursor } from './cursor';

export interface RunSummaryDto {
  id: string;
  konnector: { id: string; name: string };
  status: RunStatus;
  summary: string;
  tasks: number;
  replayOfId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** A waiting run's due time (ISO): the event log says "Waiting until …"; null otherwise. */
  resumeAt: string | null;
  /** Which record triggered the run, in a few words ("Ada Lovelace · 8f2c…"): its name, title or email, and its id; '' when it has none of them. */
  record: string;
}

export interface RunPage {
  runs: RunSummaryDto[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `from` is inclusive; a date-only `to` includes that whole day (UTC), a date-time `to` is inclusive. */
function dateRange(query: RunListQuery): Prisma.RunWhereInput[] {
  const out: Prisma.RunWhereInput[] = [];
  if (query.from) out.push({ createdAt: { gte: new Date(query.from) } });
  if (query.to) {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(query.to);
    out.push({ createdAt: dateOnly ? { lt: new Date(new Date(query.to).getTime() + DAY_MS) } : { lte: new Date(query.to) } });
  }
  return out;
}

function statusFilter(raw: string | undefined): Prisma.RunWhereInput[] {
  if (!raw) return [];
  const statuses = [...new Set(raw.split(',').map((s) => s.trim()))] as RunStatus[];
  return [{ status: statuses.length === 1 ? statuses[0] : { in: statuses } }];
}

export async function listRuns(ws: WorkspaceScope, query: RunListQuery, konnectorId?: string): Promise<RunPage> {
  if (konnectorId !== undefined) {
    const konnector = await ws.tenant.konnector.findFirst({ where: { id: konnectorId }, select: { id: true } });
    if (!konnector) throw notFound('Konnector');
  }
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const and: Prisma.RunWhereInput[] = [...statusFilter(query.status), ...dateRange(query)];
  if (konnectorId !== undefined) and.push({ konnectorId });
  if (cursor) {
    // (createdAt, id) < (c.createdAt, c.id), written so the index range starts at c.createdAt.
    and.push({ createdAt: { lte: cursor.createdAt } }, { OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }] });
  }
  const rows = await ws.tenant.run.findMany({
    where: { AND: and },
    select: {
      id: true,
      status: true,
      summary: true,
      tasks: true,
      replayOfId: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      resumeAt: true,
      konnector: { select: { id: true, name: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const records = await recordLabels(ws, page);
  return {
    runs: page.map((r) => ({
      id: r.id,
      konnector: r.konnector,
      status: r.status,
      summary: r.summary,
      tasks: r.tasks,
      replayOfId: r.replayOfId,
      createdAt: r.createdAt.toISOString(),
      startedAt: r.startedAt?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      durationMs: r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
      resumeAt: r.status === 'waiting' ? (r.resumeAt?.toISOString() ?? null) : null,
      record: records.get(r.id) ?? '',
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

/**
 * A few words per run naming its trigger record, read from the stored payload in the database
 * (only the top-level name-like fields and the id, cut short; never the whole payload).
 */
async function recordLabels(ws: WorkspaceScope, page: readonly { id: string; createdAt: Date }[]): Promise<Map<string, string>> {
  if (page.length === 0) return new Map();
  const ids = page.map((r) => r.id);
  // The page's time span: Run is partitioned on createdAt, so only the partitions of the page are read.
  const times = page.map((r) => r.createdAt.getTime());
  const [oldest, newest] = [new Date(Math.min(...times)), new Date(Math.max(...times))];
  const rows = await ws.db.$queryRaw<{ id: string; label: string | null; rid: string | null }[]>`
    SELECT "id",
      left(coalesce(
        nullif(trim(concat_ws(' ', "trigger"->>'first_name', "trigger"->>'last_name')), ''),
        "trigger"->>'name', "trigger"->>'title', "trigger"->>'subject', "trigger"->>'company_name', "trigger"->>'email'
      ), 60) AS "label",
      left(coalesce("trigger"->>'id', "trigger"->>'user_id', "trigger"->>'company_id', "trigger"->>'ticket_id'), 40) AS "rid"
    FROM "Run"
    WHERE "workspaceId" = ${ws.workspaceId} AND "id" = ANY(${ids}::text[]) AND "createdAt" >= ${oldest} AND "createdAt" <= ${newest}`;
  return new Map(rows.map((r) => [r.id, [r.label, r.rid ? `#${r.rid}` : null].filter((part) => part && part.trim() !== '').join(' · ')]));
}
