/**
 * A Catch Hook konnector's URL and "Listen for a test request" (the platform's hook-listen.ts).
 * The hook token is made as soon as the draft's trigger is a webhook trigger (created, saved,
 * imported or duplicated), so the URL can be copied before the konnector is turned on; turning it
 * on enables the same token.
 */
import { registry } from '@konnect/connectors';
import { ensureHookEndpoint, listenStatus, startListening, stopListening, type ListenStatus } from '@konnect/platform';
import type { TriggerSample } from '../../lib/konnector-bodies';
import { loadWebEnv } from '../../env';
import { AppError } from '../errors';
import { platform } from '../services';
import type { WorkspaceScope } from '../workspace-scope';
import { storedSample, webhookUrl } from './dto';

export interface HookDto {
  url: string;
  /** Calls start runs (the konnector is on); otherwise only a listening window catches them. */
  enabled: boolean;
}

export interface HookListenDto extends ListenStatus {
  url: string;
  /** The caught request as the trigger's sample (state caught). */
  sample: TriggerSample | null;
}

/** True when the draft's trigger is a webhook trigger (Catch Hook). */
export function hasWebhookTrigger(draft: unknown): boolean {
  const trigger = (draft as { trigger?: { connector?: unknown; event?: unknown } } | null)?.trigger;
  if (typeof trigger?.connector !== 'string' || typeof trigger.event !== 'string') return false;
  return registry.trigger(trigger.connector, trigger.event)?.kind === 'webhook';
}

/**
 * A Catch Hook's own rate limit may not pass this instance's cap per hook (HOOK_RATE_MAX_PER_SEC and
 * HOOK_RATE_MAX_BURST): a 400 naming the field (`field` is where the draft sits in the body). A cap
 * lowered later applies anyway: the hook is held to it (platform hook-rate.ts).
 */
export function checkHookRate(draft: unknown, field: string): void {
  const own = (draft as { trigger?: { rateLimit?: { perSecond?: unknown; burst?: unknown } } } | null)?.trigger?.rateLimit;
  if (!own) return;
  const env = loadWebEnv();
  if (typeof own.perSecond === 'number' && own.perSecond > env.HOOK_RATE_MAX_PER_SEC) {
    throw new AppError('bad_request', `${field}.trigger.rateLimit.perSecond: this instance allows at most ${env.HOOK_RATE_MAX_PER_SEC} calls per second per hook`, `${field}.trigger.rateLimit.perSecond`);
  }
  if (typeof own.burst === 'number' && own.burst > env.HOOK_RATE_MAX_BURST) {
    throw new AppError('bad_request', `${field}.trigger.rateLimit.burst: this instance allows bursts of at most ${env.HOOK_RATE_MAX_BURST} calls per hook`, `${field}.trigger.rateLimit.burst`);
  }
}

/** The token of a konnector whose draft has a webhook trigger (made when missing); null otherwise. */
export async function hookTokenFor(ws: WorkspaceScope, konnectorId: string, draft: unknown): Promise<string | null> {
  return hasWebhookTrigger(draft) ? ensureHookEndpoint(platform(), ws.workspaceId, konnectorId) : null;
}

/** The konnector's hook URL (made when missing: the builder shows it as soon as Catch Hook is chosen). */
export async function konnectorHook(ws: WorkspaceScope, konnectorId: string): Promise<HookDto> {
  const token = await ensureHookEndpoint(platform(), ws.workspaceId, konnectorId);
  const endpoint = await ws.tenant.webhookEndpoint.findFirst({ where: { konnectorId }, select: { enabled: true, konnector: { select: { status: true } } } });
  return { url: webhookUrl(token), enabled: Boolean(endpoint?.enabled && endpoint.konnector.status === 'active') };
}

async function withSample(ws: WorkspaceScope, konnectorId: string, status: ListenStatus): Promise<HookListenDto> {
  const token = await ensureHookEndpoint(platform(), ws.workspaceId, konnectorId);
  let sample: TriggerSample | null = null;
  if (status.state === 'caught') {
    const row = await ws.tenant.konnector.findFirst({ where: { id: konnectorId }, select: { sample: true } });
    sample = storedSample(row?.sample ?? null);
  }
  return { ...status, url: webhookUrl(token), sample };
}

export async function hookListenStatus(ws: WorkspaceScope, konnectorId: string): Promise<HookListenDto> {
  return withSample(ws, konnectorId, await listenStatus(platform(), ws.workspaceId, konnectorId));
}

export async function listenForTestRequest(ws: WorkspaceScope, konnectorId: string, seconds: number): Promise<HookListenDto> {
  return withSample(ws, konnectorId, await startListening(platform(), ws.workspaceId, konnectorId, seconds));
}

export async function stopListeningForTestRequest(ws: WorkspaceScope, konnectorId: string): Promise<HookListenDto> {
  return withSample(ws, konnectorId, await stopListening(platform(), ws.workspaceId, konnectorId));
}
