/**
 * Entry file of the worker processes the scale-out test spawns (and one of which it kills with
 * SIGKILL): a platform from the environment with the Custify and Catch Hook connectors, the real
 * `startWorkers` with the production lock/stall defaults, and `startBackground` (heartbeat and the
 * leader-elected reconciler) with the options in SCALE_BACKGROUND (JSON BackgroundOptions).
 * Prints `ready <pid> <workerId>` once it takes jobs. Not used in production (apps/worker is).
 */
import { startBackground, type BackgroundOptions } from './heartbeat';
import { requiredEnv, warmWorkerPlatform } from './worker-process.fixture';
import { startWorkers } from './workers';

const backgroundOptions = JSON.parse(requiredEnv('scale-worker', 'SCALE_BACKGROUND')) as BackgroundOptions;
const { platform, close } = await warmWorkerPlatform('scale-worker');
const running = startWorkers(platform, {
  concurrency: { run: Number(process.env.RUN_CONCURRENCY ?? 6), poll: Number(process.env.POLL_CONCURRENCY ?? 2), schedule: 1, alert: 1, maintenance: 1 },
});
const background = startBackground(platform, backgroundOptions);
console.log(`ready ${process.pid} ${background.workerId}`);

process.on('SIGTERM', () => {
  void (async () => {
    await background.stop();
    await running.close(5000);
    await close();
    process.exit(0);
  })();
});
