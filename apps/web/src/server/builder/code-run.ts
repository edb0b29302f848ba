/**
 * "Run code" in the code step's panel: the source runs once in the engine's QuickJS sandbox (the
 * same pool, limits and error shape as a code step in a run) on the input the builder sends. A
 * failure of the user's code is a result (`ok: false` with message, line, column), not an HTTP
 * error. Runs are rate limited per workspace: the sandbox threads are shared by every tenant.
 */
import { runCode, type SandboxErrorKind } from '@konnect/engine';
import { redisKey, takeTokenOrLocal, type BucketSpec } from '@konnect/platform';
import type { CodeRunBody } from '../../lib/konnector-bodies';
import { tooMany } from '../errors';
import { platform, queues, redis } from '../services';
import type { WorkspaceScope } from '../workspace-scope';

export interface CodeRunError {
  kind: SandboxErrorKind;
  message: string;
  /** 1-based position in the source, when known. */
  line?: number;
  column?: number;
}

export type CodeRunDto =
  | { ok: true; output: Record<string, unknown>; logs: string[]; durationMs: number }
  | { ok: false; error: CodeRunError; logs: string[]; durationMs: number };

/** Code runs per workspace: 2 a second on average, bursts of 20. */
export const CODE_RUN_RATE: BucketSpec = { perSecond: 2, burst: 20 };

export async function runCodeOnce(ws: WorkspaceScope, body: CodeRunBody): Promise<CodeRunDto> {
  const token = await takeTokenOrLocal(redis(), platform().deps, redisKey(queues(), 'rate', 'code', ws.workspaceId), CODE_RUN_RATE);
  if (!token.allowed) throw tooMany('code runs', token.waitMs);
  const started = performance.now();
  const result = await runCode({
    source: body.source,
    input: body.input,
    ...(body.timeoutMs !== undefined ? { timeoutMs: body.timeoutMs } : {}),
    ...platform().engine.codeLimits,
    // The workspace's share of the sandbox threads (the same pool serves every tenant's steps).
    owner: ws.workspaceId,
  });
  const durationMs = Math.round(performance.now() - started);
  if (result.ok) return { ok: true, output: result.output, logs: result.logs, durationMs };
  const { kind, message, line, column } = result.error;
  return {
    ok: false,
    error: { kind, message, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
    logs: result.logs,
    durationMs,
  };
}
