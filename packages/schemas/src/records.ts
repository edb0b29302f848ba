import { z } from 'zod';

/** `waiting`: the record a step saves while the run waits on it (its output says what for, at least `{ resumeAt: <ISO> }`). */
export const StepStatus = z.enum(['succeeded', 'failed', 'filtered', 'skipped', 'waiting']);
export type StepStatus = z.infer<typeof StepStatus>;

/** `waiting`: paused until `resumeAt` (a Delay, a child run), holding no worker; `cancelled`: stopped by a person while waiting (final). */
export const RunStatus = z.enum(['queued', 'running', 'succeeded', 'filtered', 'failed', 'partial', 'waiting', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatus>;

/** Connector error kinds plus the engine's own: 'code' (code step) and 'engine' (a bug). */
export const StepErrorKind = z.enum([
  'auth',
  'forbidden',
  'not_found',
  'validation',
  'rate_limited',
  'server',
  'network',
  'timeout',
  'refused',
  'config',
  'code',
  'engine',
  /** A "Fail run" step ended the run on purpose; the message is the step's. */
  'failed_by_step',
]);
export type StepErrorKind = z.infer<typeof StepErrorKind>;

export const HttpExchange = z.object({
  request: z.object({ method: z.string(), url: z.string(), body: z.unknown().optional() }),
  response: z
    .object({
      status: z.number(),
      body: z.unknown().optional(),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});
export type HttpExchange = z.infer<typeof HttpExchange>;

/** A failure as data: stored with the step and the run. */
export const StepError = z.object({
  kind: StepErrorKind,
  message: z.string(),
  stepId: z.string(),
  /** The repeater iteration the step failed in ('' outside repeaters). */
  iteration: z.string().optional(),
  status: z.number().int().optional(),
  retryable: z.boolean(),
  retryAfterMs: z.number().int().nonnegative().optional(),
  exchange: HttpExchange.optional(),
});
export type StepError = z.infer<typeof StepError>;

export const StepRecord = z.object({
  stepId: z.string(),
  /** '' outside repeaters, '3' in iteration 3, '3/1' in iteration 1 of a repeater nested in iteration 3. */
  iteration: z.string(),
  type: z.enum(['filter', 'path', 'code', 'repeater', 'action',
    'fail',
    'respond',
    'delay',
    'call',
    'return',
  ]),
  status: StepStatus,
  input: z.unknown(),
  output: z.unknown(),
  error: StepError.optional(),
  logs: z.array(z.string()),
  attempts: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  /** ISO timestamp. */
  startedAt: z.string(),
});
export type StepRecord = z.infer<typeof StepRecord>;
