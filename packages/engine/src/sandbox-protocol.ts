import { z } from 'zod';

/**
 * What crosses the boundary between the host and a sandbox thread. Only JSON-shaped data:
 * the input travels as JSON text and so does the code's result.
 */

/** 'busy': the code never started (its workspace's queue was full, or it waited past the queue time limit). */
export const SANDBOX_ERROR_KINDS = ['syntax', 'runtime', 'timeout', 'memory', 'stack', 'output', 'input', 'busy'] as const;
export type SandboxErrorKind = (typeof SANDBOX_ERROR_KINDS)[number];

export interface SandboxError {
  kind: SandboxErrorKind;
  message: string;
  /** Line and column in the user's source (1-based), when known. */
  line?: number;
  column?: number;
}

/** One execution, with every limit resolved by the host. */
export interface RunRequest {
  source: string;
  inputJson: string;
  timeoutMs: number;
  memoryLimitBytes: number;
  maxStackBytes: number;
}

export type RunReply =
  | { ok: true; outputJson: string; logs: string[] }
  | { ok: false; error: SandboxError; logs: string[] };

const SandboxErrorSchema = z.object({
  kind: z.enum(SANDBOX_ERROR_KINDS),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

const RunReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), outputJson: z.string(), logs: z.array(z.string()) }),
  z.object({ ok: z.literal(false), error: SandboxErrorSchema, logs: z.array(z.string()) }),
]);

/** Messages a sandbox thread posts: once `ready`, then one `result` per request. */
export const ThreadMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id: z.number().int(), reply: RunReplySchema }),
]);
export type ThreadMessage = z.infer<typeof ThreadMessage>;
