/**
 * The built ingress (dist/main.js, as production runs it) over real HTTP: /healthz, and SIGTERM's
 * graceful shutdown: new connections are refused at once, the call in flight still gets its answer,
 * then the process exits 0; past SHUTDOWN_TIMEOUT_MS the calls still in flight are cut off. A run
 * the ingress executes itself (INGRESS_RUNS) finishes before it exits.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@konnect/connectors';
import { closeHookListener, platformFromEnv, type Platform } from '@konnect/platform';
import { catchHook, createWorkspace, dropKeys, hookKonnector, listening, testEnv } from './hooks.fixture';
import { loadIngressEnv } from './env';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { prefix } = testEnv('shutdown');
let p: Platform;
let workspaceId: string;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: appDir, env: { ...process.env, NODE_ENV: 'production', INGRESS_HOST: '127.0.0.1', INGRESS_PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  // 'close', not 'exit': the process can exit before its last output has been read from the pipes.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('ingress ready')) {
    if (child.exitCode !== null) throw new Error(`the ingress exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`the ingress did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited 20 s for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves once the server refuses new connections. */
async function refused(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/healthz`, { headers: { connection: 'close' } }).then(
      () => true,
      () => false,
    );
    if (!ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the ingress still took connections');
}

/** A call waiting for a Respond to Hook answer no worker gives (the konnector's timeout decides when it ends). */
async function waitingCall(url: string, timeoutSeconds: number) {
  const token = await hookKonnector(p, workspaceId, { trigger: catchHook({ respond: { timeoutSeconds } }), steps: [{ type: 'respond', id: 'answer', body: { kind: 'json', value: {} } }] });
  const { konnectorId } = await p.db.webhookEndpoint.findUniqueOrThrow({ where: { token } });
  const answer = fetch(`${url}/hooks/${token}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then(
    async (res) => ({ status: res.status, body: await res.text() }),
    (err: unknown) => ({ status: 0, body: String(err) }),
  );
  // In flight once its run is stored. (Wrapped: an async function returning the promise itself would wait for the answer.)
  for (let i = 0; i < 400 && (await p.db.run.count({ where: { konnectorId } })) === 0; i++) await new Promise((r) => setTimeout(r, 50));
  return { answer };
}

beforeAll(async () => {
  if (!process.env.SKIP_BUILD) execFileSync(process.execPath, ['build.mjs'], { cwd: appDir, stdio: 'pipe' });
  p = platformFromEnv(loadIngressEnv(), { registry });
  workspaceId = await createWorkspace(p.db);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await p.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await closeHookListener(p);
  await dropKeys(p, prefix);
  await p.queues.close();
  await p.queues.redis.quit();
});

describe('the built ingress', () => {
  it('answers /healthz, and on SIGTERM refuses new connections, answers the call in flight, then exits 0', async () => {
    // INGRESS_RUNS 0: the run waits in the queue for a worker (there is none), so the call waits for its timeout.
    const ingress = await start({ SHUTDOWN_TIMEOUT_MS: '30000', INGRESS_RUNS: '0' });
    const health = await fetch(`${ingress.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', db: 'ok', redis: 'ok', down: [] });

    // 8 s: room for a busy machine between the run being stored and SIGTERM arriving.
    const inFlight = await waitingCall(ingress.url, 8);
    ingress.child.kill('SIGTERM');
    // Probing before the handler has run would count the probe as a call in flight.
    await until(() => ingress.output().includes('SIGTERM received'), 'the SIGTERM handler to run');
    await refused(ingress.url);
    const answer = await inFlight.answer;
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'The konnector did not respond within 8 s' });
    expect(await ingress.exited).toBe(0);
    expect(ingress.output()).toMatch(/SIGTERM received, answering 1 call\(s\) in flight[\s\S]*ingress: stopped/);
  });

  it('cuts off the calls still in flight at SHUTDOWN_TIMEOUT_MS and exits 0', async () => {
    const ingress = await start({ SHUTDOWN_TIMEOUT_MS: '300', INGRESS_RUNS: '0' });
    const inFlight = await waitingCall(ingress.url, 60);
    ingress.child.kill('SIGTERM');
    expect(await ingress.exited).toBe(0);
    expect((await inFlight.answer).status).toBe(0);
    expect(ingress.output()).toContain('deadline reached, the calls still in flight were cut off');
  });

  it('executes the runs of its calls itself, and on SIGTERM lets the one in flight finish before it exits', async () => {
    // The run's action posts to an app that answers only when told: the run is in flight at SIGTERM.
    let posts = 0;
    let received = '';
    let release: () => void = () => undefined;
    const app = await listening(
      createHttpServer((req, res) => {
        posts += 1;
        req.on('data', (chunk: Buffer) => (received += chunk.toString()));
        release = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }),
    );
    try {
      const ingress = await start({ SHUTDOWN_TIMEOUT_MS: '30000', OUTBOUND_ALLOW_HOSTS: new URL(app.url).host });
      expect(ingress.output()).toContain('runs executed here at once: 20');
      const token = await hookKonnector(p, workspaceId, {
        trigger: catchHook(),
        // A code step too: the ingress's own sandbox threads (dist/sandbox-thread.mjs) run it.
        steps: [
          { type: 'code', id: 'calc', source: 'return { n: input.trigger.n + 1 };' },
          { type: 'action', id: 'post', name: 'Post', connector: 'http', action: 'request', input: { url: `${app.url}/orders`, method: 'POST', bodyType: 'json', body: { n: '{{steps.calc.n}}' } } },
        ],
      });
      const res = await fetch(`${ingress.url}/hooks/${token}`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(202);
      const { runId } = (await res.json()) as { runId: string };
      await until(() => posts === 1, 'the run to reach the app');
      ingress.child.kill('SIGTERM');
      await until(() => ingress.output().includes('SIGTERM received'), 'the SIGTERM handler to run');
      // No worker runs anywhere: the run finishes here or not at all.
      setTimeout(() => release(), 300);
      expect(await ingress.exited).toBe(0);
      const run = await p.db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
      expect(run.status).toBe('succeeded');
      expect(await p.queues.queue('run').getJob(runId)).toBeUndefined();
      expect(ingress.output()).not.toContain('still executing here');
      expect(posts).toBe(1);
      expect(JSON.parse(received)).toEqual({ n: 2 });
    } finally {
      await app.close();
    }
  });

  it('stops at start-up naming a bad variable', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: appDir, env: { ...process.env, INGRESS_PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/INGRESS_PORT .*\(got "eighty"\)/);
  });
});
