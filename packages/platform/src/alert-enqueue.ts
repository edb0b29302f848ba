/**
 * How the run path and trigger health hand work to the alert engine (alerts.ts) without waiting
 * for it: alert enqueues of one turn of the event loop share one Redis round trip (group-commit.ts).
 */
import { errorMessage } from './errors';
import { groupCommitPer } from './group-commit';
import type { JobInput } from './jobs';
import type { Platform } from './platform';
import { enqueueMany, type EnqueueOptions, type Queues } from './queues';

type AlertInput = JobInput<'alert'>;

/** Alert enqueues of one turn of the event loop, per Queues: one addBulk. */
const enqueueTogether = groupCommitPer((queues: Queues) => ({
  many: async (items: readonly { data: AlertInput; opts: EnqueueOptions }[]) => {
    await enqueueMany(queues, 'alert', items.map((i) => ({ data: i.data, opts: i.opts })));
    return items.map(() => undefined);
  },
}));

/**
 * Hands an alert job to Redis without holding up the caller (the run path): shared with the other
 * enqueues of the same turn. A failure is logged; the run's outcome is in Postgres either way.
 */
export function noteAlert(p: Platform, data: AlertInput, opts: EnqueueOptions = {}): void {
  if (!p.alerting) return;
  enqueueTogether(p.queues, { data, opts }).catch((err: unknown) => p.log.warn(`alert for ${data.workspaceId}: not enqueued: ${errorMessage(err)}`));
}

