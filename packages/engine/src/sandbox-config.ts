import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { PoolSettings } from './sandbox-pool';

/** Covers the 250 ms the thread itself allows for reading a result after the time limit. */
export const DEFAULT_HARD_GRACE_MS = 300;
const START_TIMEOUT_MS = 15_000;

const SandboxPoolOptions = z
  .object({
    threads: z.number().int().min(1).max(16).optional().meta({ description: 'Worker threads running code steps (default 2, 1 on a single-core machine)' }),
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
  .strict();
export type SandboxPoolOptions = z.infer<typeof SandboxPoolOptions>;

/**
 * Pool settings from options, with defaults. Each thread's V8 heap holds the QuickJS glue,
 * the input JSON and the bounded output and logs; QuickJS's own memory (its limit per
 * execution) is WebAssembly memory outside it.
 */
export function poolSettings(options: unknown = {}): PoolSettings {
  const parsed = SandboxPoolOptions.safeParse(options);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`).join('; ');
    throw new Error(`Invalid code sandbox options: ${detail}`);
  }
  const o = parsed.data;
  return {
    threads: o.threads ?? Math.min(2, availableParallelism()),
    hardGraceMs: o.hardGraceMs ?? DEFAULT_HARD_GRACE_MS,
    startTimeoutMs: START_TIMEOUT_MS,
    resourceLimits: {
      maxOldGenerationSizeMb: o.resourceLimits?.maxOldGenerationSizeMb ?? 256,
      maxYoungGenerationSizeMb: o.resourceLimits?.maxYoungGenerationSizeMb ?? 16,
      stackSizeMb: o.resourceLimits?.stackSizeMb ?? 4,
    },
  };
}
