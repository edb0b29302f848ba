/**
 * Scheduler load: KONNECTORS active polling konnectors (Custify "Person Created", every 10 s) on
 * ONE worker process (apps/worker). Each poll really calls the simulator and stores its cursor.
 * Lateness of a poll = when a worker took the job − when BullMQ's job scheduler had it due
 * (both read from BullMQ's own event stream and job ids, on Redis' clock). The first cycles
 * (start-up backlog) are skipped; then MEASURE_S seconds are measured.
 *
 * Prints p50 / p99 / max lateness and polls/s. Target: p99 <= 1 s.
 *
 * Run: pnpm --filter @konnect/bench scheduler   (KONNECTORS=2000 MEASURE_S=40 POLL_CONCURRENCY=50 to change)
 */
import { readFileSync } from 'node:fs';
import { QueueEvents } from 'bullmq';
import { activate } from '@konnect/platform';
import { fmt, percentile, startStack } from './bench-stack';

const KONNECTORS = Number(process.env.KONNECTORS ?? 2000);
const MEASURE_S = Number(process.env.MEASURE_S ?? 40);
const SETTLE_S = Number(process.env.SETTLE_S ?? 20);
const POLL_CONCURRENCY = process.env.POLL_CONCURRENCY ?? '50';

const stack = await startStack('scheduler', { dbPool: 20, limits: { connectionRate: { perSecond: 10_000, burst: 10_000 } } });
try {
  stack.sim.store.insert('people', { name: 'Existing Person' });
  const draft = {
    trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: stack.connectionId, input: {}, pollSeconds: 10 },
    steps: [
      {
        type: 'action',
        id: 'note',
        connector: 'custify',
        action: 'create_note',
        connectionId: stack.connectionId,
        input: { entity: '{{trigger.id}}', entityModel: 'People', subject: 'Welcome', text: 'Hello {{trigger.name}}' },
      },
    ],
  };
  await stack.db.konnector.createMany({
    data: Array.from({ length: KONNECTORS }, (_, i) => ({ workspaceId: stack.workspaceId, name: `Poller ${i}`, draft })),
  });
  const ids = (await stack.db.konnector.findMany({ where: { workspaceId: stack.workspaceId }, select: { id: true } })).map((k) => k.id);
  const activationStart = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < ids.length) {
        const id = ids[next++] ?? '';
        await activate(stack.platform, stack.workspaceId, id);
      }
    }),
  );
  const activationMs = Date.now() - activationStart;

  // Lateness from BullMQ's event stream: 'active' events (stream ids carry Redis' time) of
  // scheduler jobs, whose ids end with the time they were due.
  const eventsConnection = stack.queues.redis.duplicate();
  const events = new QueueEvents('poll', { connection: eventsConnection, prefix: stack.queues.prefix });
  await events.waitUntilReady();
  let measuring = false;
  const lateness: number[] = [];
  events.on('active', ({ jobId }, eventId) => {
    if (!measuring) return;
    const due = Number(jobId.split(':').at(-1));
    const at = Number(eventId.split('-')[0]);
    if (Number.isFinite(due) && Number.isFinite(at)) {
      lateness.push(Math.max(0, at - due));
    }
  });

  await stack.startWorker({ POLL_CONCURRENCY, WORKER_CONCURRENCY: '20', DB_POOL_SIZE: '20', CONNECTION_RATE_PER_SEC: '10000', CONNECTION_RATE_BURST: '10000' });
  await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  measuring = true;
  await new Promise((r) => setTimeout(r, MEASURE_S * 1000));
  measuring = false;

  // Cross-check: for scheduled (delayed) jobs, the time in the id is the job's own timestamp + delay.
  const upcoming = await stack.queues.queue('poll').getDelayed(0, 19);
  const matching = upcoming.filter((job) => Math.abs(job.timestamp + (job.delay ?? 0) - Number(job.id?.split(':').at(-1))) < 50).length;
  const polled = await stack.db.triggerCursor.count({ where: { konnector: { workspaceId: stack.workspaceId }, lastPolledAt: { gt: new Date(Date.now() - 12_000) } } });
  await events.close();
  await eventsConnection.quit();

  console.log(`scheduler bench: ${KONNECTORS} active polling konnectors every 10 s, 1 worker process (poll concurrency ${POLL_CONCURRENCY}); load average at start: ${loadBefore}`);
  console.log(`activation: ${KONNECTORS} konnectors in ${(activationMs / 1000).toFixed(1)} s (validate, seed the cursor with a real poll, publish, register the scheduler)`);
  console.log(`polls measured: ${lateness.length} in ${MEASURE_S} s = ${(lateness.length / MEASURE_S).toFixed(0)} polls/s (expected ${(KONNECTORS / 10).toFixed(0)}/s); ${polled} konnectors polled in the last 12 s`);
  console.log(`poll lateness: p50 ${fmt(percentile(lateness, 50))}, p99 ${fmt(percentile(lateness, 99))}, max ${fmt(Math.max(...lateness))}   (target p99 <= 1000 ms)`);
  console.log(`check: ${matching}/${upcoming.length} scheduled jobs carry their due time (timestamp + delay) in their id`);
} finally {
  await stack.close();
}
