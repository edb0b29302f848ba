/**
 * Alerting under a failure storm: 100 Catch Hook konnectors whose code step throws (three distinct
 * errors), run by the platform's workers in this process (run, alert and mail queues, real Postgres
 * and Redis; alert mails go through the mail queue to a real SMTP server on loopback). The same session measures the run path twice: with alerting off (OFF_RUNS failed runs),
 * then on (RUNS failed runs, about a minute's worth), and prints:
 *
 * - runs/s of the run path, alerting off vs on (the alert workers paused meanwhile, so the figure is
 *   the run path's own cost: one grouped enqueue per failed run), and vs on with the alert workers
 *   processing at the same time in the same process (what a single busy worker process sees);
 * - how fast the alert workers work through the failures afterwards;
 * - immediate alerts, digests and recovery notices, mails (queued, and received by the SMTP server)
 *   and in-app notifications produced (must be
 *   at most one immediate alert per konnector plus the digests; the digest window is DIGEST_MINUTES,
 *   1 by default so the digests fall inside the bench);
 *
 * Run: pnpm --filter @konnect/bench alerts   (RUNS, OFF_RUNS, WARMUP, KONNECTORS, DIGEST_MINUTES, WORKER_CONCURRENCY)
 */
import { createMailer, parseSmtpUrl } from '@konnect/mail';
import { startTestSmtp } from '@konnect/mail/testing';
import { activate, ingestHook, startWorkers } from '@konnect/platform';
import { startStack } from './bench-stack';

const RUNS = Number(process.env.RUNS ?? 10_000);
const OFF_RUNS = Number(process.env.OFF_RUNS ?? 5000);
/** Failed runs with alerting off before anything is measured (V8 and the pools warm up). */
const WARMUP = Number(process.env.WARMUP ?? 3000);
const KONNECTORS = Number(process.env.KONNECTORS ?? 100);
const DIGEST_MINUTES = Number(process.env.DIGEST_MINUTES ?? 1);
const WORKER_CONCURRENCY = Number(process.env.WORKER_CONCURRENCY ?? 32);

const stack = await startStack('alerts', { limits: { workspaceConcurrency: WORKER_CONCURRENCY, maxQueuedRunsPerWorkspace: 1_000_000 } });
const { db, platform: p, workspaceId } = stack;
const smtp = await startTestSmtp();
p.mailer = createMailer({ ...parseSmtpUrl(smtp.url), from: 'Konnect <alerts@bench.test>', tlsInsecure: false });
const owner = await db.user.create({ data: { email: `bench-owner-${workspaceId}@example.test`, name: 'Owner', passwordHash: 'x', memberships: { create: { workspaceId, role: 'owner' } } } });
await db.alertSetting.create({
  data: {
    workspaceId,
    settings: {
      events: { runFailed: true, recovered: true, triggerPaused: true, triggerResumed: true, connectionAttention: true, autoPaused: true },
      recipients: { owners: true, admins: true, members: [] },
      channels: { email: true, inApp: true },
      digestMinutes: DIGEST_MINUTES,
      autoPauseAfter: null,
    },
  },
});

const tokens: string[] = [];
for (let i = 0; i < KONNECTORS; i++) {
  const k = await db.konnector.create({
    data: {
      workspaceId,
      name: `Storm ${i}`,
      draft: {
        trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
        steps: [{ type: 'code', id: 'check', name: 'Check the order', source: 'throw new Error(["Order total is missing", "Customer not found", "Currency must be EUR"][input.trigger.n % 3]);' }],
      },
    },
  });
  tokens.push((await activate(p, workspaceId, k.id)).hookToken ?? '');
}

const workers = startWorkers(p, { concurrency: { run: WORKER_CONCURRENCY, alert: 5, mail: 5 } }, { alerts: { appUrl: 'http://localhost:3000' } });

async function storm(label: string, runs: number, offset: number): Promise<number> {
  const before = await db.run.count({ where: { workspaceId, status: 'failed' } });
  const started = performance.now();
  const batch = 200;
  for (let i = 0; i < runs; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, runs - i) }, (_, j) => {
        const n = offset + i + j;
        return ingestHook(p, tokens[n % tokens.length] ?? '', { body: { n }, headers: {}, query: {} });
      }),
    );
  }
  for (;;) {
    const done = (await db.run.count({ where: { workspaceId, status: 'failed' } })) - before;
    if (done >= runs) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = runs / seconds;
  console.log(`${label}: ${runs} failed runs in ${seconds.toFixed(1)} s → ${perSecond.toFixed(0)} runs/s`);
  return perSecond;
}

const alertWorker = workers.workers.find((w) => w.name === 'alert');
p.alerting = false;
await storm('warm-up, alerting off', WARMUP, 0);
const off = await storm('alerting off', OFF_RUNS, WARMUP);
p.alerting = true;
await alertWorker?.pause();
const on = await storm('alerting on (alert workers paused)', RUNS, WARMUP + OFF_RUNS);
const waiting = await p.queues.queue('alert').count();
const drainStart = performance.now();
alertWorker?.resume();
for (;;) {
  const counts = await p.queues.queue('alert').getJobCounts('waiting', 'active', 'prioritized');
  if (Object.values(counts).reduce((a, b) => a + b, 0) === 0) break;
  await new Promise((r) => setTimeout(r, 200));
}
const drainSeconds = (performance.now() - drainStart) / 1000;
console.log(`alert workers: ${waiting} alert jobs processed in ${drainSeconds.toFixed(1)} s → ${(waiting / drainSeconds).toFixed(0)} jobs/s`);
const both = await storm('alerting on (alert workers processing at the same time)', OFF_RUNS, WARMUP + OFF_RUNS + RUNS);

// Wait for the alert and mail queues to drain, including the digests due one window after the first alerts.
const deadline = Date.now() + (DIGEST_MINUTES * 60 + 120) * 1000;
for (;;) {
  const pending = await db.konnectorAlertState.count({ where: { workspaceId, digestDueAt: { not: null } } });
  const unsent = await db.mailMessage.count({ where: { workspaceId, status: { in: ['queued', 'sending'] } } });
  const counts = await p.queues.queue('alert').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  const busy = Object.values(counts).reduce((a, b) => a + b, 0);
  if ((pending === 0 && busy === 0 && unsent === 0) || Date.now() > deadline) break;
  await new Promise((r) => setTimeout(r, 1000));
}

const kinds = await db.notification.groupBy({ by: ['kind'], where: { workspaceId, userId: owner.id }, _count: true });
const count = (k: string) => kinds.find((x) => x.kind === k)?._count ?? 0;
const immediate = count('run_failed');
const digests = count('run_digest');
const stillPending = await db.konnectorAlertState.aggregate({ where: { workspaceId }, _sum: { pendingCount: true } });
console.log(`konnectors: ${KONNECTORS}, digest window: ${DIGEST_MINUTES} min`);
console.log(`immediate alerts: ${immediate} (at most ${KONNECTORS})`);
console.log(`digests: ${digests}`);
const sent = await db.mailMessage.count({ where: { workspaceId, status: 'sent' } });
const queued = await db.mailMessage.count({ where: { workspaceId } });
console.log(`notifications: ${kinds.reduce((a, k) => a + k._count, 0)}, mails: ${queued} queued, ${sent} sent, ${smtp.received.length} received by the SMTP server (for ${RUNS + OFF_RUNS} failed runs with alerting on)`);
console.log(`failures still waiting for a digest: ${stillPending._sum.pendingCount ?? 0}`);
const pct = (x: number) => `${(((x - off) / off) * 100).toFixed(1)} %`;
console.log(`run path: ${off.toFixed(0)} runs/s alerting off, ${on.toFixed(0)} runs/s alerting on (${pct(on)}), ${both.toFixed(0)} runs/s with alerts processed alongside (${pct(both)})`);
if (immediate > KONNECTORS) console.log('FAIL: more than one immediate alert per konnector');

await workers.close(5000);
p.mailer?.close();
await smtp.close();
await stack.close();
process.exit(0);
