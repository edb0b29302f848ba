/**
 * GET /api/health: `{ db, redis, down }`, 503 when a dependency is down. `?detail=1` for a signed-in
 * owner or admin (or their API token) adds the live workers, the reconciler's leader and the queues.
 */
import { checkHealth, healthDetail } from '@/server/health';
import { errorResponse, AppError } from '@/server/errors';
import { authenticate, requireScope } from '@/server/principal';
import { withTransportSecurity } from '@/security-headers';
import { db, platform, redis } from '@/server/services';

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
    return Response.json({ ...health, detail }, { status, headers });
  } catch (err) {
    return errorResponse(err, 'GET /api/health');
  }
}
