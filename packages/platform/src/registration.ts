/**
 * What Redis must hold for an active konnector's trigger, derived from its published version only
 * (Postgres is the truth): a polling trigger → a job scheduler on the `poll` queue (every N ms); a
 * Scheduler → one on the `schedule` queue (cron + tz); a Catch Hook → nothing in Redis (its token is
 * a Postgres row). Each scheduler we create is recorded with its signature (the repeat options as
 * JSON) in one hash per queue, so the reconciler sees a stale interval or cron without reading
 * every scheduler back from BullMQ.
 */
import type { KonnectorDefinition } from '@konnect/schemas';
import { versionDefinition } from './definition';
import type { JobName } from './jobs';
import type { Platform } from './platform';
import { redisKey, removeScheduler, upsertScheduler, type Queues, type Repeat } from './queues';
import { pollIntervalMs, pollSchedulerId, scheduleSchedulerId, scheduleSpec, triggerOf } from './triggers';

export type SchedulerQueue = Extract<JobName, 'poll' | 'schedule'>;
export const SCHEDULER_QUEUES: readonly SchedulerQueue[] = ['poll', 'schedule'];

export interface Registration {
  queue: SchedulerQueue;
  schedulerId: string;
  repeat: Repeat;
  /** The repeat options as canonical JSON: equal signatures, same schedule. */
  signature: string;
}

/** Bumped by every scheduler write or removal outside the reconciler: a pass that sees it unchanged can skip the full comparison (reconcile.ts). */
export const schedulerGenerationKey = (queues: Pick<Queues, 'prefix'>) => redisKey(queues, 'sched', 'gen');

/** The hash holding each scheduler's signature, per queue. */
export const signatureKey = (queues: Pick<Queues, 'prefix'>, queue: SchedulerQueue) => redisKey(queues, 'sched', queue);

function signatureOf(repeat: Repeat): string {
  return JSON.stringify({ every: repeat.every ?? null, pattern: repeat.pattern ?? null, tz: repeat.tz ?? null });
}

/** The scheduler a definition needs, or null (Catch Hook, or a trigger that no longer exists). */
export function registrationOf(p: Pick<Platform, 'registry'>, konnectorId: string, definition: KonnectorDefinition): Registration | null {
  const trigger = p.registry.trigger(definition.trigger.connector, definition.trigger.event);
  if (!trigger) return null;
  if (trigger.kind === 'polling') {
    const repeat: Repeat = { every: pollIntervalMs(definition, trigger) };
    return { queue: 'poll', schedulerId: pollSchedulerId(konnectorId), repeat, signature: signatureOf(repeat) };
  }
  if (trigger.kind === 'schedule') {
    const { repeat } = scheduleSpec(trigger, definition.trigger.input);
    return { queue: 'schedule', schedulerId: scheduleSchedulerId(konnectorId), repeat, signature: signatureOf(repeat) };
  }
  return null;
}

/** Creates or replaces the scheduler and records its signature. */
export async function applyRegistration(p: Platform, workspaceId: string, konnectorId: string, reg: Registration): Promise<void> {
  await upsertScheduler(p.queues, reg.queue, reg.schedulerId, reg.repeat, { workspaceId, konnectorId });
  await p.queues.redis.hset(signatureKey(p.queues, reg.queue), reg.schedulerId, reg.signature);
  await p.queues.redis.incr(schedulerGenerationKey(p.queues));
}

/** Removes the konnector's schedulers (both queues) and their signatures. */
export async function unregisterTrigger(p: Platform, konnectorId: string, keep?: SchedulerQueue): Promise<void> {
  for (const queue of SCHEDULER_QUEUES) {
    if (queue === keep) continue;
    const id = queue === 'poll' ? pollSchedulerId(konnectorId) : scheduleSchedulerId(konnectorId);
    await removeScheduler(p.queues, queue, id);
    await p.queues.redis.hdel(signatureKey(p.queues, queue), id);
  }
  await p.queues.redis.incr(schedulerGenerationKey(p.queues));
}

/** Registers an active konnector's published trigger (removing a scheduler of the other kind). */
export async function registerDefinition(p: Platform, workspaceId: string, konnectorId: string, definition: KonnectorDefinition): Promise<Registration | null> {
  triggerOf(p.registry, definition);
  const reg = registrationOf(p, konnectorId, definition);
  await unregisterTrigger(p, konnectorId, reg?.queue);
  if (reg) await applyRegistration(p, workspaceId, konnectorId, reg);
  return reg;
}

/** Registers the trigger of an active konnector from its published version in the database. */
export async function registerTrigger(p: Platform, workspaceId: string, konnectorId: string): Promise<Registration | null> {
  const row = await p.db.konnector.findFirst({
    where: { id: konnectorId, workspaceId, status: 'active' },
    select: { publishedVersion: { select: { id: true, definition: true } } },
  });
  if (!row?.publishedVersion) return null;
  return registerDefinition(p, workspaceId, konnectorId, versionDefinition(row.publishedVersion.id, row.publishedVersion.definition));
}
