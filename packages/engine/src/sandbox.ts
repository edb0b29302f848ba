import { DEFAULT_CODE_TIMEOUT_MS, MAX_CODE_TIMEOUT_MS } from '@konnect/schemas';
import { poolSettings, type SandboxPoolOptions } from './sandbox-config';
import { SandboxPool, type PoolSettings } from './sandbox-pool';
import { DEFAULT_MAX_STACK_BYTES, DEFAULT_MEMORY_LIMIT_BYTES } from './sandbox-runner.mjs';
import type { SandboxError } from './sandbox-protocol';

export { DEFAULT_MAX_STACK_BYTES, DEFAULT_MEMORY_LIMIT_BYTES, MAX_LOG_LINES, MAX_OUTPUT_CHARS } from './sandbox-runner.mjs';
export type { SandboxError, SandboxErrorKind } from './sandbox-protocol';
export type { SandboxPoolOptions } from './sandbox-config';

export interface SandboxOptions {
  /** Body of an async function receiving `input`; must return a plain object. */
  source: string;
  /** JSON-serialisable value handed to the code as `input`. */
  input: unknown;
  timeoutMs?: number;
  memoryLimitBytes?: number;
  maxStackBytes?: number;
  /**
   * Whose share of the sandbox threads this execution uses: the workspace id. Each owner has its
   * own queue and may hold only some of the threads at once (see SandboxPool); '' when omitted.
   */
  owner?: string;
}

export type SandboxResult =
  | { ok: true; output: Record<string, unknown>; logs: string[] }
  | { ok: false; error: SandboxError; logs: string[] };

/**
 * One pool per process, kept on globalThis: a bundler (Next.js) may load this module more than
 * once (start-up hook, each route), and the pool warmed at start-up must be the one code steps use.
 */
interface SandboxState {
  settings: PoolSettings | null;
  pool: SandboxPool | null;
}
const STATE_KEY = Symbol.for('konnect.engine.sandbox');
const state: SandboxState = ((globalThis as Record<symbol, unknown>)[STATE_KEY] as SandboxState | undefined) ?? { settings: null, pool: null };
(globalThis as Record<symbol, unknown>)[STATE_KEY] = state;

function currentPool(): SandboxPool {
  state.settings ??= poolSettings();
  state.pool ??= new SandboxPool(state.settings);
  return state.pool;
}

const inputError = (message: string): SandboxResult => ({ ok: false, logs: [], error: { kind: 'input', message } });

/** A positive finite number or undefined; anything else names the field. */
function limit(name: string, value: unknown, min: number): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be a number`;
  if (value < min) return `${name} must be at least ${min}`;
  return null;
}

/**
 * Runs user code in a fresh QuickJS context (its runtime serves a bounded number of
 * executions and is replaced after a failed one), on a worker thread of the sandbox pool. Only JSON crosses the boundary; the context holds no host objects beyond
 * a console whose functions take values and return nothing. Memory, stack and time are
 * limited: an interrupt handler stops JavaScript at the time limit, and a thread still
 * busy in a native built-in shortly after it is terminated (reported as the same timeout).
 */
export async function runCode(options: SandboxOptions): Promise<SandboxResult> {
  if (typeof options.source !== 'string') return inputError('source must be a string');
  if (options.owner !== undefined && typeof options.owner !== 'string') return inputError('owner must be a string');
  const problem =
    limit('timeoutMs', options.timeoutMs, Number.NEGATIVE_INFINITY) ?? limit('memoryLimitBytes', options.memoryLimitBytes, 1024 * 1024) ?? limit('maxStackBytes', options.maxStackBytes, 16 * 1024);
  if (problem) return inputError(problem);
  const timeoutMs = Math.round(Math.min(Math.max(1, options.timeoutMs ?? DEFAULT_CODE_TIMEOUT_MS), MAX_CODE_TIMEOUT_MS));
  let inputJson: string;
  try {
    inputJson = JSON.stringify(options.input ?? {});
  } catch (err) {
    return inputError(`The step input is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const memoryLimitBytes = Math.floor(options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES);
  if (inputJson.length > memoryLimitBytes) {
    const mb = (n: number) => Math.round(n / 1048576);
    return inputError(`The step input (${mb(inputJson.length)} MB of JSON) is larger than the code step's memory limit of ${mb(memoryLimitBytes)} MB`);
  }
  const reply = await currentPool().run({
    source: options.source,
    inputJson,
    timeoutMs,
    memoryLimitBytes,
    maxStackBytes: Math.floor(options.maxStackBytes ?? DEFAULT_MAX_STACK_BYTES),
  }, options.owner ?? '');
  if (!reply.ok) return reply;
  return { ok: true, output: JSON.parse(reply.outputJson) as Record<string, unknown>, logs: reply.logs };
}

/** Starts the sandbox threads and loads QuickJS in each, ahead of the first code step (optional). */
export async function warmSandbox(): Promise<void> {
  await currentPool().warm();
}

/**
 * Terminates the sandbox threads (running code steps end with an error). Idle threads
 * never keep the process alive; this is for tests and orderly shutdown. A later runCode
 * starts a new pool.
 */
export async function closeSandbox(): Promise<void> {
  const closing = state.pool;
  state.pool = null;
  await closing?.close();
}

/**
 * Sets the pool's size, fairness limits, hard-deadline grace and per-thread V8 limits; throws an error
 * naming the field on bad options. Closes the current pool: the next code step starts one
 * with these settings.
 */
export async function configureSandbox(options: SandboxPoolOptions): Promise<void> {
  setSandboxOptions(options);
  await closeSandbox();
}

/**
 * The settings the next pool starts with (a process's start-up: web and worker apply their
 * SANDBOX_* variables before the first code step); throws an error naming the field. A pool
 * already started keeps its settings until it is closed.
 */
export function setSandboxOptions(options: SandboxPoolOptions): void {
  state.settings = poolSettings(options);
}

/** Why code steps run in-process (threads could not start), or null while threads are used. */
export function sandboxFallbackReason(): string | null {
  return state.pool?.fallbackReason ?? null;
}
