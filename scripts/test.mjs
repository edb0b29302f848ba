#!/usr/bin/env node
// `npm test`: the same set-up as `npm start`, then typecheck, lint and every test of every package,
// against an isolated database (created and migrated here, dropped after) and a Redis key prefix
// of this run. Ends with one summary line: "tests: N passed, N failed".
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setup, migrate, redactUrl } from './lib/setup.mjs';
import { capture, run } from './lib/run.mjs';
import { repoRoot } from './lib/paths.mjs';
import { ok, step, warn } from './lib/log.mjs';
import { collectReports, removeReports } from './lib/reports.mjs';

const pnpm = await setup();
const runId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${crypto.randomBytes(3).toString('hex')}`;
const baseUrl = new URL(process.env.DATABASE_URL);
const testUrl = new URL(baseUrl);
testUrl.pathname = `/konnect_test_${runId}`;
process.env.DATABASE_URL = testUrl.toString();
process.env.KONNECT_TEST_DB_READY = '1';
process.env.REDIS_PREFIX = `ktest-${runId}`;
process.env.NODE_ENV = 'test';

const require = createRequire(path.join(repoRoot, 'packages/db/package.json'));
const pg = require('pg');

async function admin(sql) {
  const client = new pg.Client({ connectionString: baseUrl.toString().replace(/\/[^/?]*(\?|$)/, '/postgres$1') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// ---- browser tests (Playwright with Debian's chromium; `playwright install` cannot download here)
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const E2E_REPORT = path.join(repoRoot, 'apps/web/test-results/e2e-report.json');

/** Chromium is there, or installed with apt-get when we are root; otherwise a message saying how. */
function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return true;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && capture('sh', ['-c', 'command -v apt-get'])) {
    step('installing chromium for the browser tests (apt-get install -y chromium)');
    run('sh', ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'], { allowFail: true });
    if (fs.existsSync(CHROMIUM)) return true;
  }
  warn(`the browser tests need chromium at ${CHROMIUM}: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH`);
  return false;
}

/** Builds the web app and runs the Playwright suite; its counts come from Playwright's JSON report. */
function browserTests() {
  step('browser tests (Playwright, apps/web/e2e)');
  if (!ensureChromium()) return { passed: 0, failed: 1, failures: ['browser tests: chromium is missing'] };
  fs.rmSync(E2E_REPORT, { force: true });
  const env = { ...process.env, NODE_ENV: 'production', CHROMIUM_PATH: CHROMIUM, NEXT_TELEMETRY_DISABLED: '1' };
  if (run(pnpm, ['--filter', '@konnect/web', 'build'], { allowFail: true, env }) !== 0) {
    warn('the web app did not build: browser tests not run');
    return { passed: 0, failed: 1, failures: ['browser tests: the web app did not build'] };
  }
  const status = run(pnpm, ['--filter', '@konnect/web', 'test:e2e'], { allowFail: true, env });
  if (!fs.existsSync(E2E_REPORT)) {
    warn('the browser tests wrote no report (see above)');
    return { passed: 0, failed: 1, failures: ['browser tests: no report written'] };
  }
  const report = JSON.parse(fs.readFileSync(E2E_REPORT, 'utf8'));
  const stats = report.stats ?? {};
  const passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
  const failed = (stats.unexpected ?? 0) + (status !== 0 && !stats.unexpected ? 1 : 0);
  return { passed, failed, failures: playwrightFailures(report) };
}

/** The browser tests that failed, each with the first line of its error. */
function playwrightFailures(report) {
  const lines = [];
  const visit = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const error = test.results?.at(-1)?.error?.message ?? '';
        lines.push(`apps/web/e2e/${spec.file ?? file} › ${spec.title}: ${error.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? ''}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child, suite.file ?? file);
  };
  for (const suite of report.suites ?? []) visit(suite, suite.file);
  return lines;
}

async function cleanup() {
  await admin(`DROP DATABASE IF EXISTS "konnect_test_${runId}" WITH (FORCE)`).catch((e) => warn(`could not drop the test database: ${e.message}`));
  try {
    const { Redis } = createRequire(path.join(repoRoot, 'apps/worker/package.json'))('ioredis');
    const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${process.env.REDIS_PREFIX}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  } catch (e) {
    warn(`could not clean test keys from Redis: ${e.message}`);
  }
}

step(`creating the test database konnect_test_${runId}`);
await admin(`CREATE DATABASE "konnect_test_${runId}"`);
let exitCode = 1;
try {
  migrate(pnpm);
  console.log(`  test database ${redactUrl(process.env.DATABASE_URL)}, redis prefix ${process.env.REDIS_PREFIX}`);

  step('typecheck and lint (every package)');
  const checks = run(pnpm, ['exec', 'turbo', 'run', 'typecheck', 'lint', '--concurrency=2', '--continue', '--output-logs=errors-only'], { allowFail: true });

  step('tests (every package)');
  removeReports();
  const tests = run(pnpm, ['exec', 'turbo', 'run', 'test', '--concurrency=2', '--continue', '--output-logs=full', '--', '--reporter=default', '--reporter=json', '--outputFile.json=.test-report.json'], { allowFail: true });
  const summary = collectReports();

  const browser = browserTests();
  summary.passed += browser.passed;
  summary.failed += browser.failed;
  summary.perPackage.push(`${'apps/web (browser)'.padEnd(32)} ${browser.passed} passed, ${browser.failed} failed`);

  console.log('');
  for (const line of summary.perPackage) console.log(`  ${line}`);
  // Named last, so the tail of the log says which tests failed and why.
  for (const line of [...summary.failures, ...browser.failures]) console.log(`  ✗ ${line}`);
  if (checks !== 0) warn('typecheck or lint failed (see above)');
  if (tests !== 0 && summary.failed === 0) warn('a test process failed without a failing test (see above)');
  exitCode = checks === 0 && tests === 0 && summary.failed === 0 ? 0 : 1;
  if (exitCode === 0) ok('typecheck, lint, tests and browser tests passed');
  console.log(`tests: ${summary.passed} passed, ${summary.failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
