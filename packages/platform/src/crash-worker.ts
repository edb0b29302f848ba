/**
 * Entry file of the worker processes the crash test spawns (and kills with SIGKILL): a platform
 * from the environment with the Custify and Catch Hook connectors, and the real `startWorkers`
 * with the production lock/stall defaults. Not used in production (apps/worker is).
 */
import { warmWorkerPlatform } from './worker-process.fixture';
import { startWorkers } from './workers';

const { platform, close } = await warmWorkerPlatform('crash-worker');
// A standby (CRASH_STANDBY=1) waits warm until told to start, so a killed worker is replaced at once.
if (process.env.CRASH_STANDBY === '1') {
  console.log(`warm ${process.pid}`);
  await new Promise((resolve) => process.stdin.once('data', resolve));
}
const running = startWorkers(platform, { concurrency: { run: Number(process.env.RUN_CONCURRENCY ?? 6), poll: 1, schedule: 1, alert: 1, maintenance: 1 } });
console.log(`ready ${process.pid}`);

process.on('SIGTERM', () => {
  void running.close(5000).then(async () => {
    await close();
    process.exit(0);
  });
});
