import { checkHealth } from '@/server/health';
import { db, redis } from '@/server/services';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const health = await checkHealth(db, redis);
  const ok = health.db === 'ok' && health.redis === 'ok';
  return Response.json(health, { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
