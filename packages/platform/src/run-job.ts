/**
 * Making a run's existing job run now, shared by waking a waiting run (run-wait.ts) and by handing
 * a slot to a parked run (fairness.ts): promote the job when it is delayed; when it is active (its
 * worker is still moving it to delayed), wait for that up to 3 s; when it is gone or ended, remove
 * what is left and let the caller add it again (a finished run's job finds the run final).
 */
import type { Platform } from './platform';

const ACTIVE_JOB_WAIT_MS = 3000;

export async function runJobNow(p: Platform, runId: string, addAgain: () => Promise<void>): Promise<void> {
  const queue = p.queues.queue('run');
  const deadline = Date.now() + ACTIVE_JOB_WAIT_MS;
  for (;;) {
    const job = await queue.getJob(runId);
    const state = job ? await job.getState() : 'unknown';
    if (job && state === 'delayed') {
      try {
        await job.promote();
        return;
      } catch {
        continue; // it moved meanwhile: look again
      }
    }
    if (state === 'active' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    if (state === 'active' || state === 'waiting' || state === 'prioritized' || state === 'waiting-children') return;
    if (job) await job.remove().catch(() => undefined);
    await addAgain();
    return;
  }
}
