import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DraftDefinition } from './draft';
import { KonnectorDefinition } from './definition';
import type { Problem } from './problems';
import { validateDefinition } from './validate';
import type { DefinitionRegistry } from './validate-registry';

const actions: Record<string, z.ZodObject> = { create: z.object({ title: z.string() }), note: z.object({ text: z.string() }) };
const registry: DefinitionRegistry = {
  connector: (key) => (key === 'crm' ? { auth: { kind: 'none' } } : undefined),
  trigger: (c) => (c === 'crm' ? { input: z.object({}) } : undefined),
  action: (c, key) => (c === 'crm' && actions[key] ? { input: actions[key] } : undefined),
};
const trigger = { id: 'trigger', connector: 'crm', event: 'created', input: {} };
const note = (id: string, text: string) => ({ type: 'action', id, connector: 'crm', action: 'note', input: { text } });
const create = (extra: Record<string, unknown> = {}) => ({ type: 'action', id: 'create', name: 'Create task', connector: 'crm', action: 'create', input: { title: 'x' }, ...extra });
const fail = (id: string, message: string) => ({ type: 'fail', id, message });

const problemsOf = (steps: unknown[]): Problem[] => validateDefinition({ trigger, steps }, registry);
const codes = (problems: Problem[]) => problems.map((p) => `${p.stepId}:${p.code}:${p.path.join('.')}`);

describe('error branch and Fail run in the schema', () => {
  it('accepts an action with onError "branch" and its steps, reading {{error.*}} inside', () => {
    const steps = [create({ onError: 'branch', errorSteps: [note('tell', 'Failed: {{error.message}} ({{error.status}}) at {{error.step}} {{error.stepName}} {{error.kind}}'), fail('stop', 'Gave up: {{error.message}}')] })];
    expect(problemsOf(steps)).toEqual([]);
    const parsed = KonnectorDefinition.parse({ trigger, steps });
    const action = parsed.steps[0];
    expect(action?.type === 'action' ? action.errorSteps?.map((s) => s.type) : null).toEqual(['action', 'fail']);
  });

  it('requires a non-empty error branch when onError is "branch", naming the step and field', () => {
    const missing = problemsOf([create({ onError: 'branch' })]);
    expect(codes(missing)).toEqual(['create:empty_error_branch:errorSteps']);
    expect(missing[0]?.message).toContain('"Create task"');
    expect(codes(problemsOf([create({ onError: 'branch', errorSteps: [] })]))).toEqual(['create:empty_error_branch:errorSteps']);
  });

  it('refuses error branch steps when onError is not "branch"', () => {
    const problems = problemsOf([create({ onError: 'continue', errorSteps: [note('n', 'x')] })]);
    expect(codes(problems)).toEqual(['create:unused_error_branch:errorSteps']);
    expect(problems[0]?.message).toMatch(/Run error branch/);
  });

  it('refuses {{error.x}} outside an error branch, and unknown error fields inside one', () => {
    const outside = problemsOf([note('n', '{{error.message}}')]);
    expect(codes(outside)).toEqual(['n:error_outside_error_branch:input.text']);
    expect(outside[0]?.message).toBe("{{error.message}} can only be used in an action's error branch");
    // The steps after the action are not in its error branch either.
    expect(codes(problemsOf([create({ onError: 'branch', errorSteps: [note('n', 'ok')] }), note('after', '{{error.message}}')]))).toEqual([
      'after:error_outside_error_branch:input.text',
    ]);
    const unknown = problemsOf([create({ onError: 'branch', errorSteps: [note('n', '{{error.body}}')] })]);
    expect(codes(unknown)).toEqual(['n:invalid_reference:input.text']);
    expect(unknown[0]?.message).toContain('error.message, error.status, error.step');
  });

  it('keeps {{error}} in scope in a repeater inside the error branch, and checks Fail run messages', () => {
    const repeater = { type: 'repeater', id: 'r', items: '{{trigger.items}}', steps: [note('each', '{{loop.item}} {{error.message}}')] };
    expect(problemsOf([create({ onError: 'branch', errorSteps: [repeater] })])).toEqual([]);
    expect(codes(problemsOf([fail('f', '{{error.message}}')]))).toEqual(['f:error_outside_error_branch:message']);
    expect(codes(problemsOf([fail('f', '  ')]))).toEqual(['f:missing_message:message']);
    expect(problemsOf([fail('f', 'Stopped for {{trigger.id}}')])).toEqual([]);
  });

  it('explains references across the error branch boundary', () => {
    const own = problemsOf([create({ onError: 'branch', errorSteps: [note('n', '{{steps.create.id}}')] })]);
    expect(codes(own)).toEqual(['n:reference_out_of_scope:input.text']);
    expect(own[0]?.message).toContain('has no output; use {{error.message}}');
    const after = problemsOf([create({ onError: 'branch', errorSteps: [note('n', 'x')] }), note('later', '{{steps.n.id}}')]);
    expect(codes(after)).toEqual(['later:reference_out_of_scope:input.text']);
    expect(after[0]?.message).toContain('error branch of "create"');
  });

  it('locates schema errors inside the error branch at the inner step, and counts its ids as used', () => {
    const problems = problemsOf([create({ onError: 'branch', errorSteps: [{ type: 'fail', id: 'f' }] })]);
    expect(problems.map((p) => `${p.stepId}:${p.code}`)).toContain('f:schema');
    const dup = problemsOf([create({ onError: 'branch', errorSteps: [note('create', 'x')] })]);
    expect(codes(dup)).toContain('create:duplicate_id:id');
  });

  it('keeps the error branch in drafts (empty connection choices dropped inside it too)', () => {
    const draft = DraftDefinition.parse({ trigger, steps: [create({ onError: 'branch', errorSteps: [{ ...note('n', ''), connectionId: '' }] })] });
    const action = draft.steps[0];
    expect(action?.type === 'action' ? action.errorSteps?.[0] : null).not.toHaveProperty('connectionId');
  });
});
