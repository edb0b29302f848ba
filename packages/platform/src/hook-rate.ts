/**
 * Catch Hook rate limits, checked before a call's body is read, in one Redis round trip:
 *
 * - per hook: the konnector's own `trigger.rateLimit` (published with its version), else the instance
 *   default (`limits.hookRate`, HOOK_RATE_PER_SEC / HOOK_RATE_BURST); never above the instance's cap
 *   per hook (`limits.hookRateMax`, HOOK_RATE_MAX_PER_SEC / HOOK_RATE_MAX_BURST);
 * - per workspace: one bucket over all its hooks (`limits.hookWorkspaceRate`), so one tenant's many
 *   busy hooks cannot take the instance.
 *
 * A call takes a token from both buckets or from neither. Calls to a token with no active hook (a
 * konnector that is off, a "Listen for a test request" call, an unknown token) have the default per-hook
 * bucket only. While Redis is unreachable the same buckets live in this process (limits.ts).
 */
import type { HookRateLimit } from '@konnect/schemas';
import type { ActiveHook } from './hooks';
import { takeLocalTokens, takeTokens, type BucketSpec, type TokenBucketResult } from './limits';
import { isInfrastructureError } from './infrastructure';
import type { Platform, PlatformLimits } from './platform';
import { redisKey } from './queues';

/** The bucket of one hook: its own setting (burst defaults to twice the rate) or the default, capped by the instance. */
export function hookBucket(limits: Pick<PlatformLimits, 'hookRate' | 'hookRateMax'>, own: HookRateLimit | undefined): BucketSpec {
  const wanted = own ? { perSecond: own.perSecond, burst: own.burst ?? 2 * own.perSecond } : limits.hookRate;
  return { perSecond: Math.min(wanted.perSecond, limits.hookRateMax.perSecond), burst: Math.min(wanted.burst, limits.hookRateMax.burst) };
}

export interface HookRateResult extends TokenBucketResult {
  /** Which bucket refused the call (when not allowed). */
  by: 'hook' | 'workspace';
}

export async function takeHookToken(p: Platform, token: string, hook: ActiveHook | null): Promise<HookRateResult> {
  const buckets = [{ key: redisKey(p.queues, 'rate', 'hook', token.slice(0, 100)), spec: hookBucket(p.limits, hook?.rateLimit) }];
  if (hook) buckets.push({ key: redisKey(p.queues, 'rate', 'hookws', hook.workspaceId), spec: p.limits.hookWorkspaceRate });
  const named = (r: { allowed: boolean; waitMs: number; emptyIndex: number }): HookRateResult => ({ allowed: r.allowed, waitMs: r.waitMs, by: r.emptyIndex === 1 ? 'workspace' : 'hook' });
  if (p.deps.isUp('redis')) {
    const started = Date.now();
    try {
      return named(await takeTokens(p.queues.redis, buckets));
    } catch (err) {
      if (!isInfrastructureError(err)) throw err;
      p.deps.down('redis', err, started);
    }
  }
  return named(takeLocalTokens(buckets));
}
