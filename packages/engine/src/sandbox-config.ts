import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { PoolSettings } from './sandbox-pool';

/** Covers the 250 ms the thread itself allows for reading a result after the time limit. */
export const DEFAULT_HARD_GRACE_MS = 300;
const START_TIMEOUT_MS = 15_000;
/** How long a code step may wait for a thread before it fails (its own time limit starts when it gets one). */
export const DEFAULT_QUEUE_TIMEOUT_MS = 60_000;
/** Code steps one owner (workspace) may have waiting in one process. */
export const DEFAULT_OWNER_QUEUE = 100;
/** A thread started past `threads` is stopped after this long idle. */
const SPARE_IDLE_MS = 30_000;
/** Every thread busy this long: a spare is started. */
const SPARE_DELAY_MS = 100;

const SandboxPoolOptions = z
  .object({
    threads: z
      .number()
      .int()
      .min(1)
      .max(16)
      .optional()
      .meta({ description: 'Worker threads kept started for code steps (default: 3, or 2 on a single-core machine)' }),
    ownerThreads: z
      .number()
      .int()
      .min(1)
      .max(32)
      .optional()
      .meta({ description: 'Threads one workspace may hold at once (default: threads - 1, at least 1): the rest stay free for other workspaces' }),
    maxThreads: z
      .number()
      .int()
      .min(1)
      .max(32)
      .optional()
      .meta({ description: 'Most threads the pool grows to while every thread is busy, keeping one spare for a workspace holding none (default: threads + 2)' }),
    ownerQueue: z.number().int().min(1).max(100_000).optional().meta({ description: 'Code steps one workspace may have waiting for a thread (default 100)' }),
    queueTimeoutMs: z.number().int().min(100).max(3_600_000).optional().meta({ description: 'How long a code step may wait for a thread (default 60 s); separate from its run time limit' }),
    hardGraceMs: z.number().int().min(50).max(10_000).optional().meta({ description: 'Time after a step\'s limit before its thread is terminated' }),
    resourceLimits: z
      .object({
        maxOldGenerationSizeMb: z.number().int().min(16).max(16_384).optional(),
        maxYoungGenerationSizeMb: z.number().int().min(1).max(1024).optional(),
        stackSizeMb: z.number().int().min(1).max(64).optional(),
      })
      .strict()
      .optional()
      .meta({ description: 'V8 heap and stack limits of each thread, outside QuickJS\'s own memory limit' }),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.maxThreads !== undefined && o.threads !== undefined && o.maxThreads < o.threads) {
      ctx.addIssue({ code: 'custom', path: ['maxThreads'], message: `must be at least threads (${o.threads})` });
    }
  });
export type SandboxPoolOptions = z.infer<typeof SandboxPoolOptions>;

/**
 * Pool settings from options, with defaults. Each thread's V8 heap holds the QuickJS glue,
 * the input JSON and the bounded output and logs; QuickJS's own memory (its limit per
 * execution) is WebAssembly memory outside it. An idle thread costs about 14 MB of RSS.
 *
 * Fairness defaults (see SandboxPool): on a machine with 2+ cores, 3 threads of which one
 * workspace may hold 2 (what the whole pool had before), so one thread is always free for
 * another workspace; while all are busy the pool grows by one spare at a time, up to 5.
 */
export function poolSettings(options: unknown = {}): PoolSettings {
  const parsed = SandboxPoolOptions.safeParse(options);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`).join('; ');
    throw new Error(`Invalid code sandbox options: ${detail}`);
  }
  const o = parsed.data;
  const threads = o.threads ?? Math.min(2, availableParallelism()) + 1;
  const maxThreads = o.maxThreads ?? threads + 2;
  return {
    threads,
    maxThreads,
    ownerThreads: Math.min(o.ownerThreads ?? Math.max(1, threads - 1), maxThreads),
    ownerQueue: o.ownerQueue ?? DEFAULT_OWNER_QUEUE,
    queueTimeoutMs: o.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS,
    spareIdleMs: SPARE_IDLE_MS,
    spareDelayMs: SPARE_DELAY_MS,
    hardGraceMs: o.hardGraceMs ?? DEFAULT_HARD_GRACE_MS,
    startTimeoutMs: START_TIMEOUT_MS,
    resourceLimits: {
      maxOldGenerationSizeMb: o.resourceLimits?.maxOldGenerationSizeMb ?? 256,
      maxYoungGenerationSizeMb: o.resourceLimits?.maxYoungGenerationSizeMb ?? 16,
      stackSizeMb: o.resourceLimits?.stackSizeMb ?? 4,
    },
  };
}
