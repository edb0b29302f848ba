import { parseTemplate, type ActionStep, type KonnectorDefinition, type RepeaterStep, type Step } from '@konnect/schemas';
import { humanize } from './labels';
import { resolveReference, type Scope } from './scope';

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'object' | 'array' | 'null';

export interface AvailableField {
  /** What to put between braces: `trigger.first_name`, `steps.create.id`, `loop.item.sku`. */
  ref: string;
  label: string;
  type: FieldType;
  example: unknown;
  /** 'trigger', or the id of the step (or enclosing repeater, for loop fields) it comes from. */
  source: string;
}

export interface FieldSamples {
  trigger?: object;
  steps?: Record<string, object>;
}

const MAX_DEPTH = 4;
const MAX_FIELDS_PER_SOURCE = 300;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

function typeOf(value: unknown): FieldType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? 'date' : 'string';
  return typeof value === 'object' ? 'object' : 'string';
}

function example(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 199)}…` : value;
  if (typeof value === 'object' && value !== null) {
    const json = JSON.stringify(value);
    return json.length > 200 ? `${json.slice(0, 199)}…` : json;
  }
  return value;
}

function childRef(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return PLAIN_KEY.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** Flattens a sample value into fields under `prefix` (objects by key, arrays via their first item). */
function flatten(value: unknown, prefix: string, labels: string[], source: string, out: AvailableField[], depth = 0, budget = { left: MAX_FIELDS_PER_SOURCE }): void {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
  const entries: [string | number, unknown][] = Array.isArray(value) ? (value.length > 0 ? [[0, value[0]]] : []) : Object.entries(value);
  for (const [key, child] of entries) {
    if (budget.left <= 0) return;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const ref = childRef(prefix, key);
    const childLabels = typeof key === 'number' ? labels : [...labels, humanize(key)];
    budget.left--;
    out.push({ ref, label: childLabels.join(' › ') || humanize(prefix), type: typeOf(child), example: example(child), source });
    flatten(child, ref, childLabels, source, out, depth + 1, budget);
  }
}

/** Output shapes of the engine's own steps, used when no sample was given. */
function builtinSample(step: Step): object | undefined {
  if (step.type === 'filter') return { passed: true, reason: '' };
  if (step.type === 'path') return { branchId: step.branches[0]?.id ?? 'otherwise', branchName: step.branches[0]?.name ?? 'Otherwise', reason: '' };
  if (step.type === 'repeater') return { count: 1, items: [null] };
  if (step.type === 'call' && step.mode === 'fire') return { runId: 'run id' };
  if (step.type === 'delay') return { resumeAt: '2026-12-08T09:00:00.000Z', resumedAt: '2026-12-08T09:00:01.000Z', waitedMs: 60000, resumedEarly: false };
  return undefined;
}

interface Position {
  /** Steps whose outputs are in scope, in order. */
  visible: Step[];
  /** Repeaters around the step, outermost first. */
  repeaters: RepeaterStep[];
  /** The action whose error branch holds the step (the innermost), if any. */
  failed?: ActionStep;
}

/** Finds the step and what is in scope at it (the same rules as the validator). */
function locate(steps: Step[], stepId: string, visible: Step[], repeaters: RepeaterStep[], failed?: ActionStep): Position | null {
  const seen = [...visible];
  for (const step of steps) {
    if (step.id === stepId) return { visible: seen, repeaters, ...(failed ? { failed } : {}) };
    if (step.type === 'path') {
      const inner = [...seen, step];
      for (const list of [...step.branches.map((b) => b.steps), step.otherwise ?? []]) {
        const found = locate(list, stepId, inner, repeaters, failed);
        if (found) return found;
      }
    }
    if (step.type === 'repeater') {
      const found = locate(step.steps, stepId, seen, [...repeaters, step], failed);
      if (found) return found;
    }
    if (step.type === 'action' && step.errorSteps) {
      // The error branch sees what the action saw, not the action's output (it failed).
      const found = locate(step.errorSteps, stepId, seen, repeaters, step);
      if (found) return found;
    }
    seen.push(step);
  }
  return null;
}

/**
 * Every field a step can map, for the builder's data picker: trigger fields, outputs of
 * preceding steps in scope, and inside a repeater `loop.index` and `loop.item` fields
 * (taken from the first item of the repeater's list in the samples), and inside an error branch
 * the `error.*` fields (source: the failed action). Unknown step → [].
 */
export function availableFields(definition: KonnectorDefinition, stepId: string, samples: FieldSamples): AvailableField[] {
  const position = locate(definition.steps, stepId, [], []);
  if (!position) return [];
  const out: AvailableField[] = [];
  flatten(samples.trigger ?? {}, 'trigger', [], 'trigger', out);
  const sampleSteps: Record<string, unknown> = {};
  for (const step of position.visible) {
    const sample = samples.steps?.[step.id] ?? builtinSample(step);
    if (sample === undefined) continue;
    sampleSteps[step.id] = sample;
    flatten(sample, `steps.${step.id}`, [], step.id, out);
  }
  // Resolve each enclosing repeater's list against the samples, outermost first.
  let loop: Scope['loop'];
  for (const repeater of position.repeaters) {
    const ref = parseTemplate(repeater.items).sole;
    const list = ref ? resolveReference(ref, { trigger: samples.trigger ?? {}, steps: { ...samples.steps, ...sampleSteps }, ...(loop ? { loop } : {}) }) : undefined;
    loop = { item: Array.isArray(list) ? list[0] : undefined, index: 0 };
  }
  const innermost = position.repeaters.at(-1);
  if (innermost && loop) {
    out.push({ ref: 'loop.index', label: 'Loop Index', type: 'number', example: 0, source: innermost.id });
    out.push({ ref: 'loop.item', label: 'Loop Item', type: typeOf(loop.item), example: example(loop.item), source: innermost.id });
    flatten(loop.item, 'loop.item', ['Item'], innermost.id, out);
  }
  if (position.failed) {
    const source = position.failed.id;
    out.push({ ref: 'error.message', label: 'Error Message', type: 'string', example: 'Custify answered 422: email is invalid', source });
    out.push({ ref: 'error.status', label: 'Error Status', type: 'number', example: 422, source });
    out.push({ ref: 'error.step', label: 'Error Step', type: 'string', example: source, source });
    out.push({ ref: 'error.stepName', label: 'Error Step Name', type: 'string', example: position.failed.name ?? source, source });
    out.push({ ref: 'error.kind', label: 'Error Kind', type: 'string', example: 'validation', source });
  }
  return out;
}
