import { asArray, asRecord, looseId, type Loose } from './loose';
import type { FieldPath, Problem } from './problems';
import { indexSteps, type StepLocation } from './step-index';
import { ERROR_FIELDS, FORBIDDEN_SEGMENTS, parseTemplate, referencedStepId, type Reference } from './template';

interface FoundTemplate {
  template: string;
  path: FieldPath;
}

function conditionTemplates(group: unknown, path: FieldPath, out: FoundTemplate[]): void {
  const g = asRecord(group);
  if (!g) return;
  const mode = Array.isArray(g.all) ? 'all' : Array.isArray(g.any) ? 'any' : null;
  if (!mode) return;
  asArray(g[mode]).forEach((raw, i) => {
    const item = asRecord(raw);
    const at = [...path, mode, i];
    if (!item) return;
    if ('all' in item || 'any' in item) return conditionTemplates(item, at, out);
    if (typeof item.left === 'string') out.push({ template: item.left, path: [...at, 'left'] });
    if (typeof item.right === 'string') out.push({ template: item.right, path: [...at, 'right'] });
    if (Array.isArray(item.right)) {
      item.right.forEach((r, j) => {
        if (typeof r === 'string') out.push({ template: r, path: [...at, 'right', j] });
      });
    }
  });
}

/** Every template string in a mapped input, with its path. */
export function inputTemplates(value: unknown, path: FieldPath, out: FoundTemplate[] = []): FoundTemplate[] {
  if (typeof value === 'string') out.push({ template: value, path });
  else if (Array.isArray(value)) value.forEach((v, i) => inputTemplates(v, [...path, i], out));
  else {
    const rec = asRecord(value);
    if (rec) for (const [k, v] of Object.entries(rec)) inputTemplates(v, [...path, k], out);
  }
  return out;
}

/** Templates a step reads in its own scope (a path's branch conditions included). */
function stepTemplates(step: Loose): FoundTemplate[] {
  const out: FoundTemplate[] = [];
  if (step.type === 'filter') conditionTemplates(step.conditions, ['conditions'], out);
  if (step.type === 'path') {
    asArray(step.branches).forEach((b, i) => conditionTemplates(asRecord(b)?.conditions, ['branches', i, 'conditions'], out));
  }
  if (step.type === 'repeater' && typeof step.items === 'string') out.push({ template: step.items, path: ['items'] });
  if (step.type === 'action') inputTemplates(step.input, ['input'], out);
  if (step.type === 'fail' && typeof step.message === 'string') out.push({ template: step.message, path: ['message'] });
  if (step.type === 'respond') {
    inputTemplates(step.headers, ['headers'], out);
    inputTemplates(asRecord(step.body)?.value, ['body', 'value'], out);
  }
  if (step.type === 'call') inputTemplates(step.input, ['input'], out);
  if (step.type === 'return') inputTemplates(step.output, ['output'], out);
  if (step.type === 'delay' && typeof step.at === 'string') out.push({ template: step.at, path: ['at'] });
  return out;
}

interface Walk {
  index: Map<string, StepLocation>;
  problems: Problem[];
}

function outOfScopeMessage(ref: Reference, target: StepLocation, from: StepLocation | undefined): string {
  const name = `{{${ref.text}}}`;
  if (from && target.id === from.id) return `${name}: a step cannot use its own output`;
  if (from?.branches.includes(`${target.id}:error`)) {
    return `${name}: step "${target.id}" failed when its error branch runs, so it has no output; use {{error.message}} or {{error.status}}`;
  }
  if (from?.repeaters.includes(target.id)) {
    return `${name}: the output of repeater "${target.id}" exists only after it, not inside its own steps`;
  }
  const repeater = target.repeaters.find((r) => !from?.repeaters.includes(r));
  if (repeater) {
    return `${name}: step "${target.id}" is inside repeater "${repeater}"; outside it only {{steps.${repeater}.items}} and {{steps.${repeater}.count}} are available`;
  }
  const errorBranch = target.branches.find((b) => b.endsWith(':error') && !from?.branches.includes(b));
  if (errorBranch) {
    return `${name}: step "${target.id}" is in the error branch of "${errorBranch.slice(0, -':error'.length)}", which runs only when that step fails`;
  }
  if (target.branches.some((b) => !from?.branches.includes(b))) {
    return `${name}: step "${target.id}" is in a path branch that does not contain this step, so it may not have run`;
  }
  return `${name}: step "${target.id}" runs after this step`;
}

interface Nesting {
  /** Repeaters around the step. */
  loopDepth: number;
  /** Error branches around the step. */
  errorDepth: number;
}

function checkReference(ref: Reference, ctx: { stepId: string; path: FieldPath; visible: Set<string> } & Nesting, walk: Walk): void {
  const { stepId, path } = ctx;
  const bad = ref.path.find((seg) => typeof seg === 'string' && FORBIDDEN_SEGMENTS.has(seg));
  if (bad !== undefined) {
    walk.problems.push({ stepId, path, code: 'invalid_reference', message: `{{${ref.text}}}: "${String(bad)}" cannot be used in a reference` });
    return;
  }
  if (ref.root === 'loop') {
    if (ctx.loopDepth === 0) {
      walk.problems.push({ stepId, path, code: 'loop_outside_repeater', message: `{{${ref.text}}} can only be used inside a repeater` });
    } else if (ref.path[0] !== undefined && ref.path[0] !== 'item' && ref.path[0] !== 'index') {
      walk.problems.push({ stepId, path, code: 'invalid_reference', message: `{{${ref.text}}}: use loop.item or loop.index` });
    }
    return;
  }
  if (ref.root === 'error') {
    const field = ref.path[0];
    if (ctx.errorDepth === 0) {
      walk.problems.push({ stepId, path, code: 'error_outside_error_branch', message: `{{${ref.text}}} can only be used in an action's error branch` });
    } else if (field === undefined || !(ERROR_FIELDS as readonly unknown[]).includes(field)) {
      walk.problems.push({ stepId, path, code: 'invalid_reference', message: `{{${ref.text}}}: use ${ERROR_FIELDS.map((f) => `error.${f}`).join(', ')}` });
    }
    return;
  }
  if (ref.root !== 'steps') return;
  const target = referencedStepId(ref);
  if (target === null) {
    walk.problems.push({ stepId, path, code: 'invalid_reference', message: '{{steps}} needs a step id, like {{steps.<id>.field}}' });
    return;
  }
  if (ctx.visible.has(target)) return;
  const location = walk.index.get(target);
  if (!location) {
    walk.problems.push({ stepId, path, code: 'unknown_step', message: `{{${ref.text}}}: there is no step "${target}"` });
    return;
  }
  walk.problems.push({ stepId, path, code: 'reference_out_of_scope', message: outOfScopeMessage(ref, location, walk.index.get(stepId)) });
}

function checkTemplates(step: Loose, stepId: string, visible: Set<string>, nesting: Nesting, walk: Walk, only?: 'items'): void {
  for (const { template, path } of stepTemplates(step)) {
    if (only && path[0] !== only) continue;
    if (!only && step.type === 'repeater' && path[0] === 'items') continue;
    const parsed = parseTemplate(template);
    for (const part of parsed.parts) {
      if (part.kind === 'invalid') {
        walk.problems.push({ stepId, path, code: 'invalid_reference', message: `${part.text}: ${part.error}` });
      }
    }
    for (const ref of parsed.refs) checkReference(ref, { stepId, path, visible, ...nesting }, walk);
  }
}

function walkSteps(list: unknown, visible: Set<string>, nesting: Nesting, walk: Walk): void {
  for (const raw of asArray(list)) {
    const step = asRecord(raw);
    if (!step) continue;
    const id = looseId(step) ?? '';
    if (step.type === 'path') {
      checkTemplates(step, id, visible, nesting, walk);
      const inner = new Set(visible).add(id);
      for (const b of asArray(step.branches)) walkSteps(asRecord(b)?.steps, new Set(inner), nesting, walk);
      walkSteps(step.otherwise, new Set(inner), nesting, walk);
    } else if (step.type === 'repeater') {
      checkTemplates(step, id, visible, nesting, walk, 'items');
      walkSteps(step.steps, new Set(visible), { ...nesting, loopDepth: nesting.loopDepth + 1 }, walk);
    } else {
      checkTemplates(step, id, visible, nesting, walk);
    }
    // The error branch sees what the action saw (not the action's output: it failed) and `error`.
    if (step.type === 'action') walkSteps(step.errorSteps, new Set(visible), { ...nesting, errorDepth: nesting.errorDepth + 1 }, walk);
    if (id) visible.add(id);
  }
}

/** References: syntax, forbidden segments, loop outside repeaters, steps out of scope. */
export function referenceProblems(definition: Loose): Problem[] {
  const walk: Walk = { index: indexSteps(definition.steps), problems: [] };
  const trigger = asRecord(definition.trigger);
  for (const { template, path } of inputTemplates(trigger?.input, ['input'])) {
    if (parseTemplate(template).refs.length > 0) {
      walk.problems.push({ stepId: 'trigger', path, code: 'invalid_reference', message: 'The trigger input cannot use references' });
    }
  }
  walkSteps(definition.steps, new Set(), { loopDepth: 0, errorDepth: 0 }, walk);
  return walk.problems;
}
