/**
 * POST /hooks/<token>: a Catch Hook call. JSON or form bodies up to 256 KB (413 above), 202
 * `{ runId }` at once (the run is queued), 404 for unknown or inactive tokens, 429 with
 * Retry-After past the per-token rate limit. When the trigger responds from the konnector, the
 * call waits for the run's Respond to Hook answer or its default (docs/hooks.md). The work is in
 * @konnect/platform (handleHookRequest).
 */
import { handleHookRequest } from '@konnect/platform';
import { platform } from '@/server/services';
import { withTransportSecurity } from '@/security-headers';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function POST(request: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await context.params;
  return withTransportSecurity(await handleHookRequest(platform(), token, request));
}
