/**
 * Code sandbox fairness (finding 3 of the security probe): the latency of workspace B's trivial
 * code step (runCode, end to end through the pool's real QuickJS threads) while workspace A runs
 * six endless loops, each held until the 10 s step limit.
 *
 *   baseline   B alone
 *   before     the pool as it was: 2 threads, one FIFO for every workspace (emulated: each step
 *              its own owner and no spare threads, so steps start in arrival order on 2 threads);
 *              B's one step waits for A's loops
 *   after      the default pool: per-workspace queues, 2 of 3 threads at most per workspace (the
 *              last idle thread kept for a workspace holding none), spare threads while all are busy
 *              (up to 5); with three looping workspaces, A, C and D take one of the 3 threads
 *              each, so B's one step waits for the spare started 100 ms later to load QuickJS
 *              (slow while loops take every core; see sandbox-pool.ts)
 *
 * Run: cd bench && npx tsx sandbox-fairness.ts [--quick]   (--quick: 2 s loops instead of 10 s)
 */
import { closeSandbox, configureSandbox, runCode, warmSandbox, type SandboxPoolOptions } from '@konnect/engine';
import { MAX_CODE_TIMEOUT_MS } from '@konnect/schemas';

const LOOP_MS = process.argv.includes('--quick') ? 2000 : MAX_CODE_TIMEOUT_MS;
const SAMPLES = 100;

let unique = 0;
/** '*': a new owner for each step (the old pool's one FIFO). */
const ownerOf = (owner: string) => (owner === '*' ? `step-${unique++}` : owner);
const loop = (owner: string) => runCode({ source: 'for (;;) {}', input: {}, timeoutMs: LOOP_MS, owner: ownerOf(owner) });

async function trivial(owner: string): Promise<number> {
  const started = performance.now();
  const result = await runCode({ source: 'return { sum: input.a + input.b };', input: { a: 1, b: 2 }, owner: ownerOf(owner) });
  if (!result.ok) throw new Error(`B's step failed: ${result.error.message}`);
  return performance.now() - started;
}

function figures(ms: number[]): string {
  const sorted = [...ms].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  const f = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);
  return sorted.length === 1 ? f(at(50)) : `p50 ${f(at(50))}, p99 ${f(at(99))}, max ${f(sorted[sorted.length - 1] ?? Number.NaN)} (${sorted.length} steps)`;
}

async function measure(label: string, options: SandboxPoolOptions, loopers: string[], bOwner: string, samples: number): Promise<void> {
  await configureSandbox(options);
  await warmSandbox();
  const loops = loopers.flatMap((owner) => Array.from({ length: 6 }, () => loop(owner)));
  if (loops.length > 0) await new Promise((resolve) => setTimeout(resolve, 300));
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) ms.push(await trivial(bOwner));
  console.log(`${label.padEnd(44)} ${figures(ms)}`);
  await closeSandbox();
  await Promise.all(loops);
}

console.log(`B's trivial code step; A's loops last ${LOOP_MS / 1000} s each (the step limit)\n`);
await measure('baseline (B alone)', {}, [], 'ws-b', SAMPLES);
await measure('before: 2 threads, one FIFO, A 6 loops', { threads: 2, ownerThreads: 2, maxThreads: 2 }, ['*'], '*', 1);
await measure('after: default pool, A 6 loops', {}, ['ws-a'], 'ws-b', SAMPLES);
await measure('after: default pool, A + C 6 loops each', {}, ['ws-a', 'ws-c'], 'ws-b', SAMPLES);
await measure('after: default pool, A + C + D 6 loops each', {}, ['ws-a', 'ws-c', 'ws-d'], 'ws-b', 1);
