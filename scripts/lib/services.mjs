// Makes sure PostgreSQL and Redis are reachable: DATABASE_URL / REDIS_URL when set, otherwise the
// local servers, starting installed ones that are down; otherwise says exactly what is missing.
import fs from 'node:fs';
import net from 'node:net';
import { capture, run } from './run.mjs';
import { fail, ok, step, warn } from './log.mjs';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/konnect';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function reachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(host, port, 500)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
const onPath = (cmd) => capture('sh', ['-c', `command -v ${cmd}`]) !== null;
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function startPostgres() {
  if (onPath('pg_ctlcluster') && fs.existsSync('/etc/postgresql')) {
    const versions = fs.readdirSync('/etc/postgresql');
    for (const v of versions) {
      // pg_ctlcluster drops to the cluster owner itself when run as root (Postgres refuses root).
      run('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start'], { allowFail: true });
    }
    return true;
  }
  if (onPath('pg_ctl') && process.env.PGDATA) {
    const cmd = `pg_ctl -D "${process.env.PGDATA}" -l "${process.env.PGDATA}/server.log" start`;
    run('sh', ['-c', isRoot() ? `su postgres -c '${cmd}'` : cmd], { allowFail: true });
    return true;
  }
  if (onPath('brew')) {
    run('brew', ['services', 'start', 'postgresql'], { allowFail: true });
    return true;
  }
  return false;
}

function startRedis() {
  if (!onPath('redis-server')) return false;
  run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'], { allowFail: true });
  return true;
}

const HOWTO = {
  postgres:
    'PostgreSQL is not reachable and no local install could be started.\n' +
    '  - Debian/Ubuntu: sudo apt-get install -y postgresql   (then run this command again)\n' +
    '  - macOS:         brew install postgresql@16 && brew services start postgresql@16\n' +
    '  - Docker:        docker compose up -d postgres redis\n' +
    '  - Or point DATABASE_URL at a server you have (postgresql://user:pass@host:5432/konnect).',
  redis:
    'Redis is not reachable and no local install could be started.\n' +
    '  - Debian/Ubuntu: sudo apt-get install -y redis-server   (then run this command again)\n' +
    '  - macOS:         brew install redis && brew services start redis\n' +
    '  - Docker:        docker compose up -d postgres redis\n' +
    '  - Or point REDIS_URL at a server you have (redis://host:6379).',
};

async function ensureService(kind, urlString, defaultPort, start) {
  const url = new URL(urlString);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || defaultPort);
  if (await reachable(host, port)) return ok(`${kind} reachable at ${host}:${port}`);
  if (!isLocal(host)) fail(`${kind} is not reachable at ${host}:${port} (from ${kind === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL'}). Check that the server is up.`);
  step(`${kind} is down at ${host}:${port}: starting the local server`);
  if (start() && (await waitFor(host, port, 20))) return ok(`${kind} started at ${host}:${port}`);
  warn(`could not start ${kind}`);
  fail(HOWTO[kind]);
}

export async function ensureServices() {
  process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
  process.env.REDIS_URL ||= DEFAULT_REDIS_URL;
  await ensureService('postgres', process.env.DATABASE_URL, 5432, startPostgres);
  await ensureService('redis', process.env.REDIS_URL, 6379, startRedis);
}
