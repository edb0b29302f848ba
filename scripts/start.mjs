#!/usr/bin/env node
// `npm start`: set up everything and run the product — web, the hook ingress, worker, the Custify simulator and the
// development mailbox (every mail lands there: /dev/mailbox) with a demo workspace. Ctrl-C stops
// everything it started.
import path from 'node:path';
import { setup, migrate, repoRoot } from './lib/setup.mjs';
import { killGroup, run, startChild } from './lib/run.mjs';
import { fail, ok, step } from './lib/log.mjs';

const port = Number(process.env.PORT || 3000);
// Worker processes: `npm start -- --workers 3` or WORKERS=3 (1–4); they share the work through Redis.
const flag = process.argv.indexOf('--workers');
const workerCount = Number(flag >= 0 ? process.argv[flag + 1] : process.env.WORKERS || 1);
if (!Number.isInteger(workerCount) || workerCount < 1 || workerCount > 4) fail(`--workers / WORKERS must be a whole number from 1 to 4 (got "${flag >= 0 ? process.argv[flag + 1] : process.env.WORKERS}")`);
const simPort = Number(process.env.CUSTIFY_SIM_PORT || 4010);
// The hook ingress (apps/ingress) serves /hooks/<token> on its own port; every hook URL the app shows starts with HOOK_PUBLIC_URL.
const ingressPort = Number(process.env.INGRESS_PORT || 3001);
process.env.INGRESS_PORT = String(ingressPort);
process.env.HOOK_PUBLIC_URL ||= `http://localhost:${ingressPort}`;
process.env.NODE_ENV = 'production';
process.env.PORT = String(port);
process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
process.env.CUSTIFY_SIM_URL ||= `http://127.0.0.1:${simPort}`;
// Mail goes to the development mailbox unless SMTP_URL points at a real server.
const mailboxSmtpPort = Number(process.env.DEV_MAILBOX_SMTP_PORT || 1025);
const mailboxHttpPort = Number(process.env.DEV_MAILBOX_HTTP_PORT || 1080);
const devMailbox = !process.env.SMTP_URL;
if (devMailbox) {
  process.env.SMTP_URL = `smtp://127.0.0.1:${mailboxSmtpPort}`;
  process.env.DEV_MAILBOX_URL ||= `http://127.0.0.1:${mailboxHttpPort}`;
}
process.env.MAIL_FROM ||= 'Konnect <no-reply@konnect.local>';
process.env.INSTANCE_ADMIN_EMAILS ||= 'demo@konnect.local';
// The Slack simulator (packages/slack-sim): its URL allows it through the outbound guard and seeds the demo Slack connection.
const slackSimPort = Number(process.env.SLACK_SIM_PORT || 4020);
process.env.SLACK_SIM_URL ||= `http://127.0.0.1:${slackSimPort}`;
// `next build` / `next start` would otherwise print Next.js's telemetry notice.
process.env.NEXT_TELEMETRY_DISABLED = '1';

const pnpm = await setup();
migrate(pnpm);
step('seeding the demo workspace');
run(pnpm, ['--filter', '@konnect/db', '--silent', 'seed']);
step('building the web app');
run(pnpm, ['--filter', '@konnect/web', 'build']);
// The worker runs from built JavaScript (apps/worker/build.mjs), not through a TypeScript loader.
step('building the worker');
run(pnpm, ['--filter', '@konnect/worker', '--silent', 'build']);
step('building the hook ingress');
run(pnpm, ['--filter', '@konnect/ingress', '--silent', 'build']);

const children = [];
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping web, ingress, worker, simulator and mailbox…');
  for (const c of children) killGroup(c);
  setTimeout(() => {
    for (const c of children) killGroup(c, 'SIGKILL');
    process.exit(code);
  }, 5000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function spawnService(name, dir, cmd, args) {
  const cwd = path.join(repoRoot, dir);
  const bin = cmd === 'node' ? process.execPath : path.join(cwd, 'node_modules', '.bin', cmd);
  const child = startChild(name, bin, args, { cwd });
  children.push(child);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`✖ ${name} exited unexpectedly (${signal ?? code}); stopping the rest`);
      stopAll(1);
    }
  });
}

spawnService('sim', 'packages/custify-sim', 'node', ['bin/custify-sim.mjs', '--port', String(simPort), '--seed', 'demo', '--events']);
if (devMailbox) spawnService('mailbox', 'packages/dev-mailbox', 'node', ['bin/dev-mailbox.mjs', '--smtp-port', String(mailboxSmtpPort), '--http-port', String(mailboxHttpPort)]);
spawnService('slack-sim', 'packages/slack-sim', 'node', ['bin/slack-sim.mjs', '--port', String(slackSimPort), '--seed', 'demo', '--chatter', '30000']);
for (let i = 1; i <= workerCount; i++) spawnService(workerCount > 1 ? `worker${i}` : 'worker', 'apps/worker', 'node', ['--enable-source-maps', 'dist/main.mjs']);
spawnService('web', 'apps/web', 'next', ['start', '-p', String(port)]);
spawnService('ingress', 'apps/ingress', 'node', ['dist/main.js']);

const deadline = Date.now() + 60_000;
for (const [what, url] of [['the web app', `http://127.0.0.1:${port}/api/health`], ['the hook ingress', `http://127.0.0.1:${ingressPort}/healthz`]]) {
  for (;;) {
    try {
      const res = await fetch(url);
      const body = await res.json();
      if (body.db === 'ok' && body.redis === 'ok') break;
    } catch {
      /* not up yet */
    }
    if (stopping) await new Promise(() => {});
    if (Date.now() > deadline) {
      stopAll(1);
      fail(`${what} did not become healthy (${url}) within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

ok('Konnect is running');
console.log(`
  Open        http://localhost:${port}
  Demo login  demo@konnect.local / konnect-demo
  Health      http://localhost:${port}/api/health  (${workerCount} worker process${workerCount > 1 ? 'es' : ''}; --workers N to change)
  Hooks       ${process.env.HOOK_PUBLIC_URL}/hooks/<token>  (the hook ingress on port ${ingressPort}; health at /healthz)
  Custify simulator (events mode) at http://127.0.0.1:${simPort}, API key demo-custify-key
  Mail        ${devMailbox ? `caught by the dev mailbox: http://localhost:${port}/dev/mailbox` : `sent through SMTP_URL`}; mail log at http://localhost:${port}/app/admin/mail
  Slack simulator at http://127.0.0.1:${slackSimPort}/api, bot token xoxb-konnect-demo-token (a message in #cs every 30 s)

  Press Ctrl-C to stop.
`);
