/**
 * Per-workspace concurrency: a run takes a slot (a lease in a Redis semaphore, held by its run
 * id so a resumed run re-takes its own slot) before it executes; over the limit it goes back to
 * the queue with a short jittered delay and stays `queued`.
 */
import type { Platform } from './platform';
import { redisKey } from './queues';
import { semaphore, type Semaphore } from './limits';

export function workspaceSlots(p: Platform, workspaceId: string): Semaphore {
  return semaphore(p.queues.redis, redisKey(p.queues, 'slots', 'ws', workspaceId), p.limits.workspaceConcurrency, p.limits.workspaceLeaseMs);
}

/** Delay before a throttled run tries again: 200-1000 ms, jittered so waiting runs spread out. */
export function throttleDelayMs(random: () => number = Math.random): number {
  return 200 + Math.floor(random() * 800);
}

/** Holds a slot while `work` runs, renewing its lease; null when the workspace is at its limit. */
export async function withWorkspaceSlot<T>(p: Platform, workspaceId: string, holder: string, work: () => Promise<T>): Promise<{ value: T } | null> {
  const slots = workspaceSlots(p, workspaceId);
  if (!(await slots.acquire(holder))) return null;
  const timer = setInterval(() => {
    slots.renew(holder).catch((err: unknown) => p.log.warn(`workspace slot renewal failed: ${err instanceof Error ? err.message : String(err)}`));
  }, Math.max(100, Math.floor(p.limits.workspaceLeaseMs / 3)));
  timer.unref();
  try {
    return { value: await work() };
  } finally {
    clearInterval(timer);
    await slots.release(holder).catch(() => undefined);
  }
}
