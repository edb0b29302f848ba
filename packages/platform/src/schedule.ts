/**
 * The schedule job (Scheduler trigger): BullMQ's job scheduler adds one job per tick; the tick's
 * scheduled time is the event key, so two workers or a restart can never fire a tick twice (the
 * Run's unique (konnectorId, eventKey) refuses the second). "Skip weekends" is judged here, at
 * fire time, in the schedule's time zone, and a tick the trigger's own `nextFires` does not name
 * (a minute tick standing in for an interval cron cannot express) is skipped.
 */
import type { Job } from 'bullmq';
import { versionDefinition } from './definition';
import type { ScheduleJob } from './jobs';
import type { Platform } from './platform';
import { removeScheduler } from './queues';
import { enqueueRuns, insertRuns } from './run-create';
import { isWeekend, scheduleSchedulerId, scheduleSpec, triggerOf } from './triggers';

export type ScheduleOutcome = { status: 'fired'; runId: string | null } | { status: 'skipped'; reason: string };

export async function processSchedule(p: Platform, job: ScheduleJob, scheduledAt: Date): Promise<ScheduleOutcome> {
  const konnector = await p.db.konnector.findFirst({
    where: { id: job.konnectorId, workspaceId: job.workspaceId },
    include: { publishedVersion: true },
  });
  const stale = async (reason: string): Promise<ScheduleOutcome> => {
    await removeScheduler(p.queues, 'schedule', scheduleSchedulerId(job.konnectorId));
    return { status: 'skipped', reason };
  };
  if (!konnector || konnector.status !== 'active' || !konnector.publishedVersion) return stale('the konnector is not active');
  const version = konnector.publishedVersion;
  const definition = versionDefinition(version.id, version.definition);
  const trigger = triggerOf(p.registry, definition);
  if (trigger.kind !== 'schedule') return stale('the trigger is not a schedule');
  const spec = scheduleSpec(trigger, definition.trigger.input);
  if (spec.skipWeekends && isWeekend(scheduledAt, spec.timezone)) return { status: 'skipped', reason: 'weekend' };

  const input = trigger.input.parse(definition.trigger.input ?? {});
  const due = trigger.nextFires(input, new Date(scheduledAt.getTime() - 1), 1)[0];
  if (!due || Math.abs(due.getTime() - scheduledAt.getTime()) >= 1000) return { status: 'skipped', reason: 'not a fire time of this schedule' };
  const event = trigger.fire(input, scheduledAt);
  const created = await insertRuns(p.db, { workspaceId: job.workspaceId, konnectorId: konnector.id, versionId: version.id }, [
    { key: scheduledAt.toISOString(), data: event.data },
  ]);
  await enqueueRuns(p, job.workspaceId, created.map((r) => r.id));
  return { status: 'fired', runId: created[0]?.id ?? null };
}

/** When a Scheduler tick was due: BullMQ stores it as the job's `prevMillis` (also in its id). */
export function scheduledTime(job: Pick<Job, 'id' | 'opts' | 'timestamp' | 'delay'>): Date {
  const prev = (job.opts as { prevMillis?: unknown }).prevMillis;
  if (typeof prev === 'number' && prev > 0) return new Date(prev);
  const fromId = Number(job.id?.split(':').at(-1));
  if (Number.isFinite(fromId) && fromId > 0) return new Date(fromId);
  return new Date(job.timestamp + (job.delay ?? 0));
}
