// @ts-check
/**
 * One code execution in a fresh QuickJS context (the WebAssembly module is loaded once per
 * thread and shared; a runtime serves up to RUNTIME_USES executions, one fresh context each,
 * and is replaced after any execution that did not succeed). Runs inside a sandbox thread, or in the host process
 * when threads are unavailable. Plain JavaScript for the same reason as sandbox-quickjs.mjs;
 * its types for TypeScript callers are in sandbox-runner.d.mts.
 */
import { newQuickJSWASMModule } from 'quickjs-emscripten';
import { timeoutError, toSandboxError } from './sandbox-errors.mjs';
import { call, captureIntrinsics, CODE_FILE, describeThrown, installConsole, serializeResult, wrapSource } from './sandbox-quickjs.mjs';

export { memoryError, timeoutError } from './sandbox-errors.mjs';

/** @typedef {import('quickjs-emscripten').QuickJSWASMModule} QuickJSWASMModule */
/** @typedef {import('quickjs-emscripten').QuickJSContext} QuickJSContext */
/** @typedef {import('quickjs-emscripten').QuickJSRuntime} QuickJSRuntime */
/** @typedef {import('quickjs-emscripten').QuickJSHandle} QuickJSHandle */
/** @typedef {import('./sandbox-quickjs.mjs').Intrinsics} Intrinsics */
/** @typedef {import('./sandbox-protocol').SandboxError} SandboxError */
/** @typedef {import('./sandbox-protocol').RunRequest} RunRequest */
/** @typedef {import('./sandbox-protocol').RunReply} RunReply */

export const DEFAULT_MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;
/**
 * QuickJS counts its stack in WebAssembly linear memory, but every interpreter frame also
 * uses V8's native stack; 128 KB keeps QuickJS's own check ahead of V8's in ordinary
 * recursion (~700 frames). Native recursion QuickJS does not check (JSON of deeply nested
 * data) can still hit V8's limit: that is caught, reported, and the module replaced.
 */
export const DEFAULT_MAX_STACK_BYTES = 128 * 1024;
export const MAX_LOG_LINES = 100;
export const MAX_OUTPUT_CHARS = 1_000_000;
/** Extra time and memory the sandbox's own reads (result, error) get after the user's code. */
const EXTRACT_GRACE_MS = 250;
const EXTRACT_MEMORY_BYTES = 8 * 1024 * 1024;

/**
 * Executions one runtime serves before it is replaced. Each gets its own context (its own
 * globals and built-ins: nothing user code creates is reachable from the next one); the
 * runtime holds only interned strings, shapes and garbage cycles QuickJS collects as memory
 * grows. Replacing it now and then bounds what a runtime accumulates.
 */
export const RUNTIME_USES = 200;

/** @type {Promise<QuickJSWASMModule> | null} */
let modulePromise = null;

/**
 * The runtime contexts are made in, and the execution its interrupt handler reads.
 * @typedef {{ runtime: QuickJSRuntime, module: QuickJSWASMModule, uses: number, live: number, retired: boolean, current: Execution | null }} SharedRuntime
 */
/** @type {SharedRuntime | null} */
let shared = null;

/**
 * The runtime for the next context: the current one while it has uses left and its module is
 * trusted, else a new one (the old one is freed once its last context is).
 * @param {QuickJSWASMModule} module
 * @returns {SharedRuntime}
 */
function runtimeFor(module) {
  if (shared && shared.module === module && !shared.retired && shared.uses < RUNTIME_USES) return shared;
  if (shared) retireRuntime(shared);
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(DEFAULT_MEMORY_LIMIT_BYTES);
  runtime.setMaxStackSize(DEFAULT_MAX_STACK_BYTES);
  /** @type {SharedRuntime} */
  const fresh = { runtime, module, uses: 0, live: 0, retired: false, current: null };
  runtime.setInterruptHandler(() => fresh.current !== null && Date.now() > fresh.current.interruptAt);
  shared = fresh;
  return fresh;
}

/**
 * No new contexts in this runtime; freed now if none is live.
 * @param {SharedRuntime} rt
 */
function retireRuntime(rt) {
  if (rt.retired) return;
  rt.retired = true;
  if (shared === rt) shared = null;
  if (rt.live === 0 && !discarded.has(rt.module)) rt.runtime.dispose();
}
/** Modules whose state can no longer be trusted (see runExecution's catch). */
const discarded = new WeakSet();

/**
 * The WebAssembly module is loaded once and shared by every execution in this thread.
 * @returns {Promise<QuickJSWASMModule>}
 */
export async function loadModule() {
  for (;;) {
    modulePromise ??= newQuickJSWASMModule().catch((/** @type {unknown} */ err) => {
      modulePromise = null;
      throw err;
    });
    const module = await modulePromise;
    if (!discarded.has(module)) return module;
    modulePromise = null;
  }
}

class SandboxFailure extends Error {
  /** @param {SandboxError} error */
  constructor(error) {
    super(error.message);
    this.error = error;
  }
}

/**
 * @typedef {object} Execution
 * @property {QuickJSContext} vm
 * @property {QuickJSRuntime} runtime
 * @property {(handle: QuickJSHandle) => QuickJSHandle} keep
 * @property {{ timeoutMs: number, memoryLimitBytes: number }} limits
 * @property {number} interruptAt Read by the interrupt handler: the user's deadline, later a short grace for the sandbox's own reads.
 * @property {Intrinsics | undefined} intrinsics
 */

/**
 * After the user's code: a little time and memory for reading its result or error.
 * @param {Execution} execution
 */
function enterGrace(execution) {
  execution.interruptAt = Date.now() + EXTRACT_GRACE_MS;
  execution.runtime.setMemoryLimit(execution.limits.memoryLimitBytes + EXTRACT_MEMORY_BYTES);
}

/**
 * A thrown value as a SandboxFailure (read within the grace period).
 * @param {Execution} execution
 * @param {QuickJSHandle} errorHandle
 */
function failure(execution, errorHandle) {
  execution.keep(errorHandle);
  enterGrace(execution);
  if (!execution.intrinsics) return new SandboxFailure({ kind: 'runtime', message: 'Code failed before it started' });
  return new SandboxFailure(toSandboxError(describeThrown(execution.vm, execution.keep, execution.intrinsics, errorHandle), execution.limits));
}

/**
 * Compiles and calls the user's function, then settles its promise, pumping jobs until the deadline.
 * @param {Execution} execution
 * @param {Intrinsics} intrinsics
 * @param {string} source
 * @param {string} inputJson
 * @param {number} deadline
 * @returns {QuickJSHandle}
 */
function callUserCode(execution, intrinsics, source, inputJson, deadline) {
  const { vm, runtime, keep } = execution;
  const compiled = vm.evalCode(wrapSource(source), CODE_FILE);
  if (compiled.error) throw failure(execution, compiled.error);
  const fn = keep(compiled.value);
  const input = call(vm, keep, intrinsics.parse, intrinsics.json, keep(vm.newString(inputJson)));
  if (!input) throw new SandboxFailure({ kind: 'input', message: 'The step input could not be passed to the code (is it larger than the memory limit allows?)' });
  const called = vm.callFunction(fn, vm.undefined, input);
  if (called.error) throw failure(execution, called.error);
  const promise = keep(called.value);
  for (;;) {
    const state = vm.getPromiseState(promise);
    if (state.type === 'fulfilled') return keep(state.value);
    if (state.type === 'rejected') throw failure(execution, state.error);
    if (Date.now() > deadline) throw new SandboxFailure(timeoutError(execution.limits.timeoutMs));
    const jobs = runtime.executePendingJobs();
    if (jobs.error) throw failure(execution, jobs.error);
    if (jobs.value === 0 && vm.getPromiseState(promise).type === 'pending') {
      throw new SandboxFailure({ kind: 'runtime', message: 'Code awaited something that never settles (there are no timers or network in code steps)' });
    }
  }
}

/**
 * The code's result as JSON text of a plain object.
 * @param {Execution} execution
 * @param {Intrinsics} intrinsics
 * @param {QuickJSHandle} value
 * @returns {string}
 */
function readOutput(execution, intrinsics, value) {
  const result = serializeResult(execution.vm, execution.keep, intrinsics, value, MAX_OUTPUT_CHARS);
  if ('problem' in result) {
    if (result.problem === 'too long') {
      throw new SandboxFailure({ kind: 'output', message: `Code returned more than ${MAX_OUTPUT_CHARS} characters of JSON` });
    }
    if (result.problem.startsWith('unserializable:')) {
      throw new SandboxFailure({ kind: 'output', message: `Code returned an object that is not JSON: ${result.problem.slice('unserializable:'.length)}` });
    }
    const hint = result.problem === 'undefined' ? ' (did you forget `return`?)' : '';
    throw new SandboxFailure({ kind: 'output', message: `Code must return a plain object, like \`return { total: 3 }\`; it returned ${result.problem}${hint}` });
  }
  return result.json;
}

/**
 * A fresh QuickJS context with its intrinsics captured and the console installed,
 * made before its request arrives (a sandbox thread prepares the next one while idle) and
 * used for exactly one execution.
 * @typedef {Execution & { handles: QuickJSHandle[], logs: string[], module: QuickJSWASMModule, shared: SharedRuntime, used: boolean, healthy: boolean, succeeded: boolean }} PreparedExecution
 */

/** @returns {Promise<PreparedExecution>} */
export async function prepareExecution() {
  const module = await loadModule();
  const rt = runtimeFor(module);
  const { runtime } = rt;
  runtime.setMemoryLimit(DEFAULT_MEMORY_LIMIT_BYTES);
  runtime.setMaxStackSize(DEFAULT_MAX_STACK_BYTES);
  const vm = runtime.newContext();
  rt.uses += 1;
  rt.live += 1;
  /** @type {QuickJSHandle[]} */
  const handles = [];
  /** @type {string[]} */
  const logs = [];
  /** @type {PreparedExecution} */
  const execution = {
    vm,
    runtime,
    module,
    shared: rt,
    handles,
    logs,
    keep: (handle) => (handles.push(handle), handle),
    limits: { timeoutMs: 0, memoryLimitBytes: DEFAULT_MEMORY_LIMIT_BYTES },
    interruptAt: Number.POSITIVE_INFINITY,
    intrinsics: undefined,
    used: false,
    healthy: true,
    succeeded: false,
  };
  try {
    const intrinsics = captureIntrinsics(vm, execution.keep);
    execution.intrinsics = intrinsics;
    let dropped = false;
    installConsole(vm, execution.keep, intrinsics, (level, line) => {
      if (logs.length >= MAX_LOG_LINES) {
        if (!dropped) logs.push(`[console] further output dropped (limit ${MAX_LOG_LINES} lines)`);
        dropped = true;
        return false;
      }
      if (line !== null) logs.push(`[console.${level}] ${line}`);
      return true;
    });
  } catch (err) {
    disposeExecution(execution);
    retireRuntime(rt);
    throw err;
  }
  return execution;
}

/**
 * Runs user code in a prepared runtime and context. Only JSON crosses the boundary; the
 * context holds no host objects beyond a console whose functions take values and return
 * nothing. Memory, stack and time are limited: the deadline is enforced by an interrupt
 * handler and checked again on return. Native built-ins are not interruptible: the
 * sandbox pool (sandbox-pool.ts) enforces a hard deadline by terminating the thread.
 * @param {PreparedExecution} execution
 * @param {RunRequest} request
 * @returns {RunReply}
 */
export function runExecution(execution, request) {
  if (execution.used) throw new Error('A prepared sandbox execution is used once');
  execution.used = true;
  const { timeoutMs, memoryLimitBytes } = request;
  const { logs } = execution;
  execution.limits = { timeoutMs, memoryLimitBytes };
  execution.runtime.setMemoryLimit(memoryLimitBytes);
  execution.runtime.setMaxStackSize(request.maxStackBytes);
  const deadline = Date.now() + timeoutMs;
  execution.interruptAt = deadline;
  execution.shared.current = execution;
  try {
    const intrinsics = /** @type {Intrinsics} */ (execution.intrinsics);
    const value = callUserCode(execution, intrinsics, request.source, request.inputJson, deadline);
    if (Date.now() > deadline) throw new SandboxFailure(timeoutError(timeoutMs));
    enterGrace(execution);
    const outputJson = readOutput(execution, intrinsics, value);
    execution.succeeded = true;
    return { ok: true, outputJson, logs };
  } catch (err) {
    if (err instanceof SandboxFailure) return { ok: false, error: err.error, logs };
    // A host-level failure inside WebAssembly (V8 stack overflow from unchecked native
    // recursion, an abort): the module's state cannot be trusted any more. Drop it without
    // touching it again; the next execution loads a fresh one.
    execution.healthy = false;
    discarded.add(execution.module);
    return {
      ok: false,
      logs,
      error:
        err instanceof RangeError
          ? { kind: 'stack', message: 'Code exceeded the stack limit (data or recursion nested too deeply)' }
          : { kind: 'runtime', message: `Code sandbox failed: ${err instanceof Error ? err.message : String(err)}` },
    };
  }
}

/**
 * Frees an execution's handles and context (not those of a module found broken), and the runtime
 * when the execution failed (whatever it left behind goes with it) or its uses are spent.
 * @param {PreparedExecution} execution
 */
export function disposeExecution(execution) {
  const rt = execution.shared;
  if (rt.current === execution) rt.current = null;
  if (!execution.healthy) return;
  execution.healthy = false;
  for (const handle of execution.handles.reverse()) if (handle.alive) handle.dispose();
  execution.vm.dispose();
  rt.live -= 1;
  if (!execution.succeeded && execution.used) retireRuntime(rt);
  else if (rt.retired && rt.live === 0) rt.runtime.dispose();
}

/**
 * One execution in a fresh context, start to finish (the in-process path).
 * @param {RunRequest} request
 * @returns {Promise<RunReply>}
 */
export async function runInSandbox(request) {
  const execution = await prepareExecution();
  try {
    return runExecution(execution, request);
  } finally {
    disposeExecution(execution);
  }
}
