/**
 * What the platform benches share: a fresh database (created, migrated, dropped at the end), a
 * Redis prefix of their own, the Custify simulator, a workspace with a Custify connection, and
 * the real worker process (apps/worker/src/main.ts, or its build with WORKER_BUILT=1) started with
 * the bench's settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator, type SimulatorOptions } from '@konnect/custify-sim';
import {
  DEFAULT_DATABASE_URL,
  createDb,
  dropDatabase,
  ensureDatabase,
  generateKeySpec,
  migrateDeploy,
  parseKeyring,
  seal,
  type Db,
  type Keyring,
} from '@konnect/db';
import { registry } from '@konnect/connectors';
import { createPlatform, createQueues, createRedis, type Platform, type PlatformLimits, type Queues } from '@konnect/platform';

const here = path.dirname(fileURLToPath(import.meta.url));
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export interface BenchStack {
  db: Db;
  databaseUrl: string;
  queues: Queues;
  sim: Simulator;
  keyring: Keyring;
  platform: Platform;
  workspaceId: string;
  connectionId: string;
  /** Starts apps/worker (one process) and resolves once it says it is ready. */
  startWorker(env: Record<string, string>): Promise<ChildProcess>;
  close(): Promise<void>;
}

export async function startStack(name: string, opts: { sim?: SimulatorOptions; limits?: Partial<PlatformLimits>; dbPool?: number } = {}): Promise<BenchStack> {
  const suffix = randomBytes(4).toString('hex');
  const base = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  base.pathname = `/konnect_bench_${name}_${suffix}`;
  const databaseUrl = base.toString();
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);
  const db = createDb(databaseUrl, { max: opts.dbPool ?? 10 });
  const prefix = `kbench-${name}-${suffix}`;
  const queues = createQueues(createRedis(REDIS_URL), prefix);
  const sim = await startSimulator({ port: 0, seed: 'empty', ...opts.sim });
  const keySpec = generateKeySpec('bench');
  const keyring = parseKeyring(keySpec);
  const platform = createPlatform({
    db,
    queues,
    registry,
    keyring,
    limits: opts.limits ?? {},
    log: { info: () => undefined, warn: (m) => console.warn(m), error: (m) => console.error(m) },
  });
  const workspace = await db.workspace.create({ data: { name: `Bench ${name}`, slug: `bench-${name}-${suffix}` } });
  const sealed = seal(keyring, JSON.stringify({ apiKey: 'demo-custify-key', baseUrl: sim.url }), workspace.id);
  const connection = await db.connection.create({
    data: { workspaceId: workspace.id, connectorKey: 'custify', name: 'Custify (simulator)', secret: sealed.envelope, keyVersion: sealed.keyId },
  });
  const workers: ChildProcess[] = [];

  return {
    db,
    databaseUrl,
    queues,
    sim,
    keyring,
    platform,
    workspaceId: workspace.id,
    connectionId: connection.id,
    async startWorker(env) {
      const nodeArgs = (process.env.WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
      // WORKER_BUILT=1: the built worker (`pnpm --filter @konnect/worker build`), as production runs it.
      const entry = process.env.WORKER_BUILT === '1' ? [path.join(here, '../apps/worker/dist/main.mjs')] : ['--import', 'tsx', path.join(here, '../apps/worker/src/main.ts')];
      const child = spawn(process.execPath, [...nodeArgs, ...entry], {
        cwd: path.join(here, '../apps/worker'),
        env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix, KONNECT_ENCRYPTION_KEY: keySpec, CUSTIFY_SIM_URL: sim.url, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      workers.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('worker ready')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`the worker exited with code ${code}`)));
      });
      return child;
    },
    async close() {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.exitCode !== null) return resolve();
              w.once('exit', () => resolve());
              w.kill('SIGTERM');
            }),
        ),
      );
      let cursor = '0';
      do {
        const [next, keys] = await queues.redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await queues.redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await queues.close();
      await queues.redis.quit();
      await db.$disconnect();
      await sim.close();
      await dropDatabase(databaseUrl);
    },
  };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
