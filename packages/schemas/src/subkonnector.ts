/**
 * Sub-konnectors (docs/subkonnectors.md): the "Called by another konnector" trigger's declared
 * inputs, how a caller's mapped values are checked against them, and the shared constants.
 * The step shapes (`call`, `return`) are in definition.ts with the other steps.
 */
import { z } from 'zod';

/** The built-in connector and trigger a called konnector starts with. */
export const CALLED_CONNECTOR = 'subkonnector';
export const CALLED_TRIGGER = 'called';

/** Calls below a run started by its own trigger: a run at this depth cannot call another konnector. */
export const MAX_CALL_DEPTH = 5;

export const CallParamType = z.enum(['text', 'number', 'boolean', 'object', 'list']).meta({ label: 'Type' });
export type CallParamType = z.infer<typeof CallParamType>;

/** One declared input of a called konnector: its caller maps a value to it; the run reads it as `trigger.<name>`. */
export const CallParam = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and "_" (not starting with a digit)')
    .meta({ label: 'Input name' }),
  type: CallParamType.default('text'),
  required: z.boolean().default(false).meta({ label: 'Required' }),
});
export type CallParam = z.infer<typeof CallParam>;

export const MAX_CALL_PARAMS = 50;

/** The trigger's input: the declared inputs (names unique). */
export const CalledTriggerInput = z.object({
  inputs: z
    .array(CallParam)
    .max(MAX_CALL_PARAMS)
    .default([])
    .superRefine((params, ctx) => {
      const seen = new Set<string>();
      params.forEach((p, i) => {
        if (seen.has(p.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Input "${p.name}" is declared twice` });
        seen.add(p.name);
      });
    })
    .meta({ label: 'Inputs' }),
});
export type CalledTriggerInput = z.infer<typeof CalledTriggerInput>;

/** The declared inputs of a definition's trigger, or null when it is not the called trigger (or they cannot be read). */
export function declaredInputs(trigger: { connector: string; event: string; input?: unknown }): CallParam[] | null {
  if (trigger.connector !== CALLED_CONNECTOR || trigger.event !== CALLED_TRIGGER) return null;
  const parsed = CalledTriggerInput.safeParse(trigger.input ?? {});
  return parsed.success ? parsed.data.inputs : null;
}

/** The event key of the run a call step creates: a resumed or retried caller finds the same run instead of creating another. */
export function callEventKey(parentRunId: string, stepId: string, iteration: string): string {
  return `call:${parentRunId}:${stepId}:${iteration}`;
}

/** The caller's run id in a called run's event key, or null for a run not created by a call. */
export function callerRunId(eventKey: string): string | null {
  const match = /^call:([^:]+):/.exec(eventKey);
  return match?.[1] ?? null;
}

export type CallInputCheck = { ok: true; data: Record<string, unknown> } | { ok: false; name: string; message: string };

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 39)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Fits one value to its declared type (a number written as text is a number); undefined when it cannot. */
function fit(type: CallParamType, value: unknown): { value: unknown } | undefined {
  switch (type) {
    case 'text':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
      return undefined;
    case 'number': {
      if (typeof value === 'number' && Number.isFinite(value)) return { value };
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      return Number.isFinite(n) ? { value: n } : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      return undefined;
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? { value } : undefined;
    case 'list':
      return Array.isArray(value) ? { value } : undefined;
  }
}

const TYPE_WORDS: Record<CallParamType, string> = { text: 'text', number: 'a number', boolean: 'true or false', object: 'an object', list: 'a list' };

/**
 * Checks a caller's rendered values against the declared inputs: a required input must have a
 * value, each value must fit its type (numbers and booleans written as text are converted), and
 * values for undeclared names are refused. The result is the called run's trigger data.
 */
export function checkCallInput(params: readonly CallParam[], values: Record<string, unknown>, konnectorName: string): CallInputCheck {
  const data: Record<string, unknown> = {};
  for (const param of params) {
    const value = values[param.name];
    if (isEmpty(value)) {
      if (param.required) return { ok: false, name: param.name, message: `Input "${param.name}" of "${konnectorName}" is required but has no value` };
      continue;
    }
    const fitted = fit(param.type, value);
    if (!fitted) return { ok: false, name: param.name, message: `Input "${param.name}" of "${konnectorName}" must be ${TYPE_WORDS[param.type]}, got ${describe(value)}` };
    data[param.name] = fitted.value;
  }
  const unknown = Object.keys(values).find((k) => !params.some((p) => p.name === k) && !isEmpty(values[k]));
  if (unknown !== undefined) return { ok: false, name: unknown, message: `"${konnectorName}" has no input named "${unknown}"` };
  return { ok: true, data };
}

/** An example value of each type, for samples of a called konnector that has not run yet. */
export function exampleValue(type: CallParamType): unknown {
  return { text: 'text', number: 1, boolean: true, object: {}, list: [] }[type];
}
