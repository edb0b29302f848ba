import { newQuickJSWASMModule, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import { DEFAULT_CODE_TIMEOUT_MS, MAX_CODE_TIMEOUT_MS } from '@konnect/schemas';
import {
  call,
  captureIntrinsics,
  CODE_FILE,
  describeThrown,
  installConsole,
  serializeResult,
  WRAPPER_LINES,
  wrapSource,
  type Intrinsics,
  type Thrown,
} from './sandbox-host';

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
/** Extra time and memory the host's own reads (result, error) get after the user's code. */
const EXTRACT_GRACE_MS = 250;
const EXTRACT_MEMORY_BYTES = 8 * 1024 * 1024;

export interface SandboxOptions {
  /** Body of an async function receiving `input`; must return a plain object. */
  source: string;
  /** JSON-serialisable value handed to the code as `input`. */
  input: unknown;
  timeoutMs?: number;
  memoryLimitBytes?: number;
  maxStackBytes?: number;
}

export type SandboxErrorKind = 'syntax' | 'runtime' | 'timeout' | 'memory' | 'stack' | 'output' | 'input';

export interface SandboxError {
  kind: SandboxErrorKind;
  message: string;
  /** Line and column in the user's source (1-based), when known. */
  line?: number;
  column?: number;
}

export type SandboxResult =
  | { ok: true; output: Record<string, unknown>; logs: string[] }
  | { ok: false; error: SandboxError; logs: string[] };

let modulePromise: Promise<QuickJSWASMModule> | null = null;
/** Modules whose state can no longer be trusted (see runCode's catch). */
const discarded = new WeakSet<QuickJSWASMModule>();

/** The WebAssembly module is loaded once and shared by every execution. */
async function loadModule(): Promise<QuickJSWASMModule> {
  for (;;) {
    modulePromise ??= newQuickJSWASMModule().catch((err: unknown) => {
      modulePromise = null;
      throw err;
    });
    const module = await modulePromise;
    if (!discarded.has(module)) return module;
    modulePromise = null;
  }
}

/** Loads the module ahead of the first code step (optional). */
export async function warmSandbox(): Promise<void> {
  await loadModule();
}

class SandboxFailure extends Error {
  constructor(readonly error: SandboxError) {
    super(error.message);
  }
}

interface Run {
  vm: QuickJSContext;
  runtime: QuickJSRuntime;
  handles: QuickJSHandle[];
  keep: (handle: QuickJSHandle) => QuickJSHandle;
  limits: { timeoutMs: number; memoryLimitBytes: number };
  /** Read by the interrupt handler: the user's deadline, later a short grace for the host's reads. */
  interruptAt: number;
  intrinsics?: Intrinsics;
}

/** After the user's code: a little time and memory for reading its result or error. */
function enterGrace(run: Run): void {
  run.interruptAt = Date.now() + EXTRACT_GRACE_MS;
  run.runtime.setMemoryLimit(run.limits.memoryLimitBytes + EXTRACT_MEMORY_BYTES);
}

function position(text: string): { line?: number; column?: number } {
  const m = new RegExp(`${CODE_FILE.replace('.', '\\.')}:(\\d+)(?::(\\d+))?`).exec(text);
  if (!m || m[1] === undefined) return {};
  const line = Number(m[1]) - WRAPPER_LINES;
  if (line < 1) return {};
  return m[2] === undefined ? { line } : { line, column: Number(m[2]) };
}

const timeoutError = (limits: Run['limits']): SandboxError => ({ kind: 'timeout', message: `Code ran longer than its time limit of ${limits.timeoutMs} ms` });

function toSandboxError(d: Thrown, limits: Run['limits']): SandboxError {
  if (d.name === 'InternalError' && d.message === 'interrupted') return timeoutError(limits);
  if (d.name === 'InternalError' && d.message === 'out of memory') {
    return { kind: 'memory', message: `Code used more than its memory limit of ${Math.round(limits.memoryLimitBytes / 1048576)} MB` };
  }
  const at = position(d.stack);
  const where = at.line === undefined ? '' : ` (line ${at.line}${at.column === undefined ? '' : `, column ${at.column}`})`;
  if (d.message === 'stack overflow') return { kind: 'stack', message: `Code exceeded the stack limit (recursion too deep)${where}`, ...at };
  const kind: SandboxErrorKind = d.name === 'SyntaxError' ? 'syntax' : 'runtime';
  return { kind, message: `${d.name || 'Error'}: ${d.message}${where}`, ...at };
}

/** A thrown value as a SandboxFailure (read within the grace period). */
function failure(run: Run, errorHandle: QuickJSHandle): SandboxFailure {
  run.keep(errorHandle);
  enterGrace(run);
  if (!run.intrinsics) return new SandboxFailure({ kind: 'runtime', message: 'Code failed before it started' });
  return new SandboxFailure(toSandboxError(describeThrown(run.vm, run.keep, run.intrinsics, errorHandle), run.limits));
}

/** Compiles and calls the user's function, then settles its promise, pumping jobs until the deadline. */
function execute(run: Run, source: string, inputJson: string, deadline: number): QuickJSHandle {
  const { vm, runtime, keep } = run;
  const intrinsics = run.intrinsics as Intrinsics;
  const compiled = vm.evalCode(wrapSource(source), CODE_FILE);
  if (compiled.error) throw failure(run, compiled.error);
  const fn = keep(compiled.value);
  const input = call(vm, keep, intrinsics.parse, intrinsics.json, keep(vm.newString(inputJson)));
  if (!input) throw new SandboxFailure({ kind: 'input', message: 'The step input could not be passed to the code (is it larger than the memory limit allows?)' });
  const called = vm.callFunction(fn, vm.undefined, input);
  if (called.error) throw failure(run, called.error);
  const promise = keep(called.value);
  for (;;) {
    const state = vm.getPromiseState(promise);
    if (state.type === 'fulfilled') return keep(state.value);
    if (state.type === 'rejected') throw failure(run, state.error);
    if (Date.now() > deadline) throw new SandboxFailure(timeoutError(run.limits));
    const jobs = runtime.executePendingJobs();
    if (jobs.error) throw failure(run, jobs.error);
    if (jobs.value === 0 && vm.getPromiseState(promise).type === 'pending') {
      throw new SandboxFailure({ kind: 'runtime', message: 'Code awaited something that never settles (there are no timers or network in code steps)' });
    }
  }
}

function readOutput(run: Run, value: QuickJSHandle): Record<string, unknown> {
  const result = serializeResult(run.vm, run.keep, run.intrinsics as Intrinsics, value);
  if ('problem' in result) {
    if (result.problem.startsWith('unserializable:')) {
      throw new SandboxFailure({ kind: 'output', message: `Code returned an object that is not JSON: ${result.problem.slice('unserializable:'.length)}` });
    }
    const hint = result.problem === 'undefined' ? ' (did you forget `return`?)' : '';
    throw new SandboxFailure({ kind: 'output', message: `Code must return a plain object, like \`return { total: 3 }\`; it returned ${result.problem}${hint}` });
  }
  if (result.json.length > MAX_OUTPUT_CHARS) {
    throw new SandboxFailure({ kind: 'output', message: `Code returned more than ${MAX_OUTPUT_CHARS} characters of JSON` });
  }
  return JSON.parse(result.json) as Record<string, unknown>;
}

/**
 * Runs user code in a fresh QuickJS runtime and context (the WebAssembly module is shared).
 * Only JSON crosses the boundary; the context holds no host objects beyond a console
 * whose functions take values and return nothing. Memory, stack and time are limited:
 * the deadline is enforced by an interrupt handler and checked again on return (native
 * built-ins are not interruptible, so a long one ends as a timeout error, late).
 */
export async function runCode(options: SandboxOptions): Promise<SandboxResult> {
  const timeoutMs = Math.min(Math.max(1, options.timeoutMs ?? DEFAULT_CODE_TIMEOUT_MS), MAX_CODE_TIMEOUT_MS);
  const memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
  const logs: string[] = [];
  let inputJson: string;
  try {
    inputJson = JSON.stringify(options.input ?? {});
  } catch (err) {
    return { ok: false, logs, error: { kind: 'input', message: `The step input is not JSON: ${err instanceof Error ? err.message : String(err)}` } };
  }
  const module = await loadModule();
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(memoryLimitBytes);
  runtime.setMaxStackSize(options.maxStackBytes ?? DEFAULT_MAX_STACK_BYTES);
  const deadline = Date.now() + timeoutMs;
  const vm = runtime.newContext();
  const handles: QuickJSHandle[] = [];
  const run: Run = {
    vm,
    runtime,
    handles,
    keep: (handle) => (handles.push(handle), handle),
    limits: { timeoutMs, memoryLimitBytes },
    interruptAt: deadline,
  };
  runtime.setInterruptHandler(() => Date.now() > run.interruptAt);
  let healthy = true;
  try {
    run.intrinsics = captureIntrinsics(vm, run.keep);
    let dropped = false;
    installConsole(vm, run.keep, run.intrinsics, (level, line) => {
      if (logs.length >= MAX_LOG_LINES) {
        if (!dropped) logs.push(`[console] further output dropped (limit ${MAX_LOG_LINES} lines)`);
        dropped = true;
        return false;
      }
      if (line !== null) logs.push(`[console.${level}] ${line}`);
      return true;
    });
    const value = execute(run, options.source, inputJson, deadline);
    if (Date.now() > deadline) throw new SandboxFailure(timeoutError(run.limits));
    enterGrace(run);
    return { ok: true, output: readOutput(run, value), logs };
  } catch (err) {
    if (err instanceof SandboxFailure) return { ok: false, error: err.error, logs };
    // A host-level failure inside WebAssembly (V8 stack overflow from unchecked native
    // recursion, an abort): the module's state cannot be trusted any more. Drop it without
    // touching it again; the next execution loads a fresh one.
    healthy = false;
    discarded.add(module);
    return {
      ok: false,
      logs,
      error:
        err instanceof RangeError
          ? { kind: 'stack', message: 'Code exceeded the stack limit (data or recursion nested too deeply)' }
          : { kind: 'runtime', message: `Code sandbox failed: ${err instanceof Error ? err.message : String(err)}` },
    };
  } finally {
    if (healthy) {
      for (const handle of handles.reverse()) if (handle.alive) handle.dispose();
      vm.dispose();
      runtime.dispose();
    }
  }
}
