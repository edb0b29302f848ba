/**
 * The konnector library: search and filters, and per konnector its apps, last run and runs in the
 * last 24 hours, all runs' figures in ONE query (a lateral join per konnector on the
 * (konnectorId, createdAt, id) index), never a query per konnector.
 */
import type { KonnectorStatus, RunStatus } from '@konnect/db';
import type { KonnectorListQuery } from '../../lib/konnector-bodies';
import type { WorkspaceScope } from '../workspace-scope';
import { appsOf } from './definition';
import { triggerHealth, triggerHealthSelect, type TriggerHealthDto } from './trigger-health';

export interface KonnectorSummaryDto {
  id: string;
  name: string;
  description: string;
  tags: string[];
  status: KonnectorStatus;
  apps: string[];
  /** The trigger's health: ok, retrying (next attempt) or paused (reason), since when. */
  triggerHealth: TriggerHealthDto;
  lastRun: { id: string; status: RunStatus; createdAt: string } | null;
  /** Runs created in the last 24 hours, counted up to RUNS_24H_CAP. */
  runs24h: number;
  /** More than RUNS_24H_CAP runs in the last 24 hours ("1,000+"). */
  runs24hCapped: boolean;
  createdAt: string;
  updatedAt: string;
}

interface RunStats {
  konnectorId: string;
  id: string | null;
  status: RunStatus | null;
  createdAt: Date | null;
  runs24h: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The 24 h count stops here: a busy konnector costs no more than a quiet one (the UI shows "1,000+"). */
export const RUNS_24H_CAP = 1000;

async function runStats(ws: WorkspaceScope, ids: string[]): Promise<Map<string, RunStats>> {
  if (ids.length === 0) return new Map();
  const since = new Date(Date.now() - DAY_MS);
  // Raw SQL is not scoped by the tenant client: the konnectors are joined on this workspace. The
  // 24 h count reads at most RUNS_24H_CAP + 1 entries of the (konnectorId, createdAt, id) index.
  const rows = await ws.db.$queryRaw<RunStats[]>`
    SELECT k.id AS "konnectorId", last.id, last.status, last."createdAt",
      (SELECT count(*)::int FROM (
        SELECT 1 FROM "Run" c WHERE c."konnectorId" = k.id AND c."createdAt" >= ${since} LIMIT ${RUNS_24H_CAP + 1}
      ) AS recent) AS "runs24h"
    FROM (SELECT kk.id FROM unnest(${ids}::text[]) AS kk(id) JOIN "Konnector" owned ON owned.id = kk.id AND owned."workspaceId" = ${ws.workspaceId}) AS k
    LEFT JOIN LATERAL (
      SELECT r.id, r.status, r."createdAt" FROM "Run" r
      WHERE r."konnectorId" = k.id AND r."workspaceId" = ${ws.workspaceId}
      ORDER BY r."createdAt" DESC, r.id DESC
      LIMIT 1
    ) last ON true`;
  return new Map(rows.map((r) => [r.konnectorId, r]));
}

export async function listKonnectors(ws: WorkspaceScope, query: KonnectorListQuery): Promise<KonnectorSummaryDto[]> {
  const q = query.q?.trim();
  const rows = await ws.tenant.konnector.findMany({
    where: {
      ...(q ? { OR: [{ name: { contains: q, mode: 'insensitive' as const } }, { description: { contains: q, mode: 'insensitive' as const } }] } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.tag ? { tags: { has: query.tag } } : {}),
    },
    select: { id: true, name: true, description: true, tags: true, status: true, draft: true, ...triggerHealthSelect, createdAt: true, updatedAt: true },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
  });
  const withApps = rows.map((row) => ({ row, apps: appsOf(row.draft) })).filter(({ apps }) => !query.app || apps.includes(query.app));
  const stats = await runStats(
    ws,
    withApps.map(({ row }) => row.id),
  );
  return withApps.map(({ row, apps }) => {
    const s = stats.get(row.id);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      tags: row.tags,
      status: row.status,
      apps,
      triggerHealth: triggerHealth(row),
      lastRun: s?.id && s.status && s.createdAt ? { id: s.id, status: s.status, createdAt: s.createdAt.toISOString() } : null,
      runs24h: Math.min(s?.runs24h ?? 0, RUNS_24H_CAP),
      runs24hCapped: (s?.runs24h ?? 0) > RUNS_24H_CAP,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  });
}
