// Types of sandbox-runner.mjs for TypeScript callers (keep in step with its JSDoc).
import type { RunReply, RunRequest, SandboxError } from './sandbox-protocol';

export declare const DEFAULT_MEMORY_LIMIT_BYTES: number;
export declare const DEFAULT_MAX_STACK_BYTES: number;
export declare const MAX_LOG_LINES: number;
export declare const MAX_OUTPUT_CHARS: number;
/** Executions (one fresh context each) a QuickJS runtime serves before it is replaced. */
export declare const RUNTIME_USES: number;

/** Loads (once per thread) the QuickJS WebAssembly module the executions share. */
export declare function loadModule(): Promise<unknown>;
export declare function timeoutError(timeoutMs: number): SandboxError;
export declare function memoryError(memoryLimitBytes: number): SandboxError;
/** A fresh context, ready for exactly one execution. */
export interface PreparedExecution {
  readonly logs: string[];
}
export declare function prepareExecution(): Promise<PreparedExecution>;
export declare function runExecution(execution: PreparedExecution, request: RunRequest): RunReply;
export declare function disposeExecution(execution: PreparedExecution): void;
/** One execution in a fresh QuickJS context, with the request's limits. */
export declare function runInSandbox(request: RunRequest): Promise<RunReply>;
