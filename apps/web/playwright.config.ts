/**
 * Browser tests (e2e/*.spec.ts) with Debian's chromium. The web servers are started here, built
 * nothing but the hook ingress (esbuild, under a second): `next start` on the existing build (run
 * `pnpm --filter @konnect/web build` first), the hook ingress (hook URLs point at it), the
 * worker (`tsx src/main.ts`), the Custify and Slack simulator CLIs and the development mailbox (mail from web
 * and worker goes to it over SMTP; the web app shows it at /dev/mailbox), each on a free port, all on the test
 * database (DATABASE_URL; standalone runs create and migrate `konnect_e2e`) and a Redis prefix of
 * this run. Ports and secrets are chosen once in the runner process; workers inherit them.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webDir, '../..');
const env = process.env;

/** A free TCP port on 127.0.0.1 (synchronously: the config is not async). */
function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const port = out.stdout.trim();
  if (!/^\d+$/.test(port)) throw new Error(`could not find a free port: ${out.stderr}`);
  return port;
}

if (!env.E2E_WEB_PORT) {
  env.E2E_WEB_PORT = freePort();
  env.E2E_SIM_PORT = freePort();
  env.E2E_SLACK_SIM_PORT = freePort();
  env.E2E_MAILBOX_SMTP_PORT = freePort();
  env.E2E_MAILBOX_HTTP_PORT = freePort();
  env.E2E_INGRESS_PORT = freePort();
  env.E2E_REDIS_PREFIX = `${env.REDIS_PREFIX ?? 'ktest'}-e2e-${randomBytes(4).toString('hex')}`;
  env.NEXTAUTH_SECRET ||= randomBytes(32).toString('base64url');
  env.KONNECT_ENCRYPTION_KEY ||= `e2e:${randomBytes(32).toString('base64')}`;
  if (env.KONNECT_TEST_DB_READY !== '1') {
    env.DATABASE_URL ||= 'postgresql://postgres@127.0.0.1:5432/konnect_e2e';
    const migrated = spawnSync('pnpm', ['--filter', '@konnect/db', '--silent', 'migrate', 'deploy'], { cwd: repoRoot, env, stdio: 'inherit' });
    if (migrated.status !== 0) throw new Error(`could not migrate the e2e database ${env.DATABASE_URL}`);
    env.KONNECT_TEST_DB_READY = '1';
  }
}

const webUrl = `http://127.0.0.1:${env.E2E_WEB_PORT}`;
const simUrl = `http://127.0.0.1:${env.E2E_SIM_PORT}`;
const slackSimUrl = `http://127.0.0.1:${env.E2E_SLACK_SIM_PORT}`;
const mailboxUrl = `http://127.0.0.1:${env.E2E_MAILBOX_HTTP_PORT}`;
// The hook ingress (apps/ingress, built here): hook URLs point at it, as `npm start` sets them up.
const ingressUrl = `http://127.0.0.1:${env.E2E_INGRESS_PORT}`;
const shared = {
  DATABASE_URL: env.DATABASE_URL ?? '',
  REDIS_URL: env.REDIS_URL || 'redis://127.0.0.1:6379',
  REDIS_PREFIX: env.E2E_REDIS_PREFIX ?? '',
  KONNECT_ENCRYPTION_KEY: env.KONNECT_ENCRYPTION_KEY ?? '',
  CUSTIFY_SIM_URL: simUrl,
  SLACK_SIM_URL: slackSimUrl,
  CHECKPOINT_DISABLE: '1',
  SMTP_URL: `smtp://127.0.0.1:${env.E2E_MAILBOX_SMTP_PORT}`,
  MAIL_FROM: 'Konnect <no-reply@konnect.test>',
};

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: './test-results/e2e-report.json' }]],
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: webUrl,
    headless: true,
    launchOptions: { executablePath: env.CHROMIUM_PATH || '/usr/bin/chromium' },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  metadata: { simUrl, slackSimUrl, mailboxUrl, ingressUrl },
  webServer: [
    {
      name: 'custify-sim',
      command: `node packages/custify-sim/bin/custify-sim.mjs --port ${env.E2E_SIM_PORT} --seed demo`,
      cwd: repoRoot,
      url: `${simUrl}/__control/events`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
      name: 'slack-sim',
      command: `node packages/slack-sim/bin/slack-sim.mjs --port ${env.E2E_SLACK_SIM_PORT} --seed demo`,
      cwd: repoRoot,
      url: `${slackSimUrl}/__control/faults`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
      name: 'dev-mailbox',
      command: `node packages/dev-mailbox/bin/dev-mailbox.mjs --smtp-port ${env.E2E_MAILBOX_SMTP_PORT} --http-port ${env.E2E_MAILBOX_HTTP_PORT}`,
      cwd: repoRoot,
      url: `${mailboxUrl}/health`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
      name: 'worker',
      command: 'node_modules/.bin/tsx src/main.ts',
      cwd: path.join(repoRoot, 'apps/worker'),
      // KONNECT_TEST_DELAY_SCALE (test-only, refused in production): a 1-minute Delay lasts 24 s, so
      // e2e/workflow-grammar.spec.ts sees the run wait and then go on.
      env: { ...shared, NODE_ENV: 'test', APP_URL: webUrl, KONNECT_TEST_DELAY_SCALE: '0.4' },
      wait: { stdout: /worker ready/ },
      stdout: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      name: 'ingress',
      command: 'node build.mjs && node dist/main.js',
      cwd: path.join(repoRoot, 'apps/ingress'),
      env: { ...shared, NODE_ENV: 'production', INGRESS_HOST: '127.0.0.1', INGRESS_PORT: env.E2E_INGRESS_PORT ?? '', HOOK_PUBLIC_URL: ingressUrl },
      url: `${ingressUrl}/healthz`,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      name: 'web',
      command: `node_modules/.bin/next start -H 127.0.0.1 -p ${env.E2E_WEB_PORT}`,
      cwd: webDir,
      env: { ...shared, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: env.E2E_WEB_PORT ?? '', NEXTAUTH_URL: webUrl, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? '', DEV_MAILBOX_URL: mailboxUrl, HOOK_PUBLIC_URL: ingressUrl,
        // Every spec signs up its own user from 127.0.0.1: the default (5 an hour per address) is for people.
        SIGNUPS_PER_IP: '100' },
      url: `${webUrl}/api/health`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
  ],
});
