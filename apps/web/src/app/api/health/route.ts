/**
 * GET /api/health: `{ db, redis, down }`, 503 when a dependency is down. `?detail=1` for a signed-in
 * owner or admin (or their API token) adds the live workers, the reconciler's leader and the queues,
 * and `backlog`: per workspace the caller belongs to (a token: its own), runs waiting to start,
 * running, finished in the last minute and the expected delay (server/runs/backlog.ts). There is
 * no instance-wide administrator in Konnect, so there are no instance totals beyond the queues'.
 */
import { checkHealth, healthDetail } from '@/server/health';
import { errorResponse, AppError } from '@/server/errors';
import { authenticate, requireScope } from '@/server/principal';
import { withTransportSecurity } from '@/security-headers';
import { workspaceBacklogs } from '@/server/runs/backlog';
import { db, platform, redis } from '@/server/services';

/** Backlogs listed per request, at most (one short statement each). */
const MAX_BACKLOG_WORKSPACES = 50;

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return withTransportSecurity(await health(request));
}

async function health(request: Request): Promise<Response> {
  const health = await checkHealth(db, redis);
  const status = health.down.length === 0 ? 200 : 503;
  const headers = { 'cache-control': 'no-store' };
  if (new URL(request.url).searchParams.get('detail') !== '1') return Response.json(health, { status, headers });
  try {
    const principal = await authenticate(request, db());
    requireScope(principal, 'read');
    const manages = await db().membership.findFirst({
      where: { userId: principal.user.id, role: { in: ['owner', 'admin'] }, ...(principal.via === 'token' ? { workspaceId: principal.workspaceId } : {}) },
      select: { id: true },
    });
    if (!manages) throw new AppError('forbidden', 'Health details are for workspace owners and admins');
    const detail = health.redis === 'ok' ? await healthDetail(platform()) : null;
    // Tenant-scoped: only the workspaces the caller belongs to (a token: its own workspace).
    const workspaces = await db().workspace.findMany({
      where: { memberships: { some: { userId: principal.user.id } }, ...(principal.via === 'token' ? { id: principal.workspaceId } : {}) },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
      take: MAX_BACKLOG_WORKSPACES,
    });
    const backlog = health.db === 'ok' ? await workspaceBacklogs(db(), workspaces) : null;
    return Response.json({ ...health, detail, backlog }, { status, headers });
  } catch (err) {
    return errorResponse(err, 'GET /api/health');
  }
}
