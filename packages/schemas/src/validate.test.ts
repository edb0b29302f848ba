import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Problem } from './problems';
import { validateDefinition } from './validate';
import { fieldLabel, type DefinitionRegistry } from './validate-registry';

/** A registry in the SDK's shape, built by hand: this package does not depend on the SDK. */
const connectors: Record<string, { auth: { kind: string }; triggers: Record<string, z.ZodObject>; actions: Record<string, z.ZodObject> }> = {
  crm: {
    auth: { kind: 'apiKey' },
    triggers: { person_created: z.object({ segment: z.string(), limit: z.number().optional() }) },
    actions: {
      create_person: z.object({ email: z.string().email(), name: z.string().optional(), vip: z.boolean().default(false) }),
      tag: z.object({ id: z.string(), tag: z.string() }),
    },
  },
  formatter: { auth: { kind: 'none' }, triggers: {}, actions: { upper: z.object({ text: z.string() }) } },
};
const registry: DefinitionRegistry = {
  connector: (key) => connectors[key],
  trigger: (c, key) => {
    const input = connectors[c]?.triggers[key];
    return input ? { input } : undefined;
  },
  action: (c, key) => {
    const input = connectors[c]?.actions[key];
    return input ? { input } : undefined;
  },
};

const trigger = { id: 'trigger', connector: 'crm', event: 'person_created', connectionId: 'c1', input: { segment: 'all' } };
const create = (id: string, email = '{{trigger.email}}') => ({
  type: 'action',
  id,
  connector: 'crm',
  action: 'create_person',
  connectionId: 'c1',
  input: { email },
});
const rule = (left: string, op = 'exists', right?: unknown) => ({ left, op, ...(right === undefined ? {} : { right }) });

function codes(problems: Problem[]): string[] {
  return problems.map((p) => `${p.stepId}:${p.code}`);
}

describe('validateDefinition', () => {
  it('accepts a valid tree', () => {
    const def = {
      trigger,
      steps: [
        { type: 'filter', id: 'f', conditions: { all: [rule('{{trigger.age}}', 'gt', '18')] } },
        create('a'),
        {
          type: 'path',
          id: 'p',
          branches: [{ id: 'b', name: 'B', conditions: { any: [rule('{{steps.a.id}}')] }, steps: [create('in_b', '{{steps.a.email}}')] }],
          otherwise: [{ type: 'code', id: 'c', source: 'return { ok: true }' }],
        },
        {
          type: 'repeater',
          id: 'r',
          items: '{{trigger.items}}',
          steps: [create('each', '{{loop.item.email}}'), { type: 'action', id: 'fmt', connector: 'formatter', action: 'upper', input: { text: '{{steps.each.id}} #{{loop.index}}' } }],
        },
        create('after', '{{steps.r.items[0].id}}{{steps.p.branch}}'),
      ],
    };
    expect(validateDefinition(def, registry)).toEqual([]);
  });

  it('maps schema errors to the step id and field path', () => {
    const problems = validateDefinition(
      { trigger, steps: [{ type: 'code', id: 'c', source: 42 }, { type: 'repeater', id: 'r', items: '{{trigger.x}}', steps: [{ type: 'action', id: 'a', connector: 'crm', action: 'tag', input: { id: 5n } }] }] },
      registry,
    );
    expect(problems).toContainEqual(expect.objectContaining({ stepId: 'c', path: ['source'], code: 'schema', message: expect.stringContaining('source:') }));
    expect(problems).toContainEqual(expect.objectContaining({ stepId: 'a', path: ['input', 'id'], code: 'schema' }));
    expect(validateDefinition(null, registry)[0]).toMatchObject({ stepId: '', code: 'schema' });
  });

  it('reports unknown connectors, events and actions, missing fields and connections', () => {
    const problems = validateDefinition(
      {
        trigger: { id: 'trigger', connector: 'crm', event: 'nope', input: {} },
        steps: [
          { type: 'action', id: 'x', connector: 'ghost', action: 'y', connectionId: 'c', input: {} },
          { type: 'action', id: 'y', connector: 'crm', action: 'ghost', connectionId: 'c', input: {} },
          { type: 'action', id: 'z', connector: 'crm', action: 'create_person', input: { email: '  ', name: '' } },
          { type: 'action', id: 'w', connector: 'formatter', action: 'upper', input: { text: 'ok' } },
        ],
      },
      registry,
    );
    expect(codes(problems).sort()).toEqual(
      ['trigger:unknown_event', 'trigger:missing_connection', 'x:unknown_connector', 'y:unknown_action', 'z:missing_field', 'z:missing_connection'].sort(),
    );
    // Friction 9 (issue 17): in the words on screen, not the API name.
    expect(problems.find((p) => p.code === 'missing_field')).toMatchObject({ path: ['input', 'email'], message: 'Email is required' });
    const triggerInput = validateDefinition({ trigger: { ...trigger, input: {} }, steps: [] }, registry);
    expect(triggerInput).toEqual([expect.objectContaining({ stepId: 'trigger', code: 'missing_field', path: ['input', 'segment'] })]);
  });

  it('reports references to later steps, other branches, repeater bodies, loop outside repeaters and unknown steps', () => {
    const def = {
      trigger,
      steps: [
        create('early', '{{steps.late.id}}'),
        {
          type: 'path',
          id: 'p',
          branches: [
            { id: 'b1', name: 'One', conditions: { all: [rule('{{steps.p.x}}')] }, steps: [create('one')] },
            { id: 'b2', name: 'Two', conditions: { all: [rule('x')] }, steps: [create('two', '{{steps.one.id}}')] },
          ],
        },
        { type: 'repeater', id: 'r', items: '{{loop.item}}', steps: [create('inner', '{{steps.r.count}}')] },
        create('late', '{{steps.inner.id}} {{loop.index}} {{steps.ghost.x}} {{steps.late.id}} {{steps.one.id}}'),
      ],
    };
    const problems = validateDefinition(def, registry);
    const messages = problems.map((p) => `${p.stepId}:${p.code}:${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^early:reference_out_of_scope:.*"late" runs after this step/),
        expect.stringMatching(/^p:reference_out_of_scope:.*own output/),
        expect.stringMatching(/^two:reference_out_of_scope:.*path branch/),
        expect.stringMatching(/^r:loop_outside_repeater/),
        expect.stringMatching(/^inner:reference_out_of_scope:.*repeater "r" exists only after it/),
        expect.stringMatching(/^late:reference_out_of_scope:.*inside repeater "r"/),
        expect.stringMatching(/^late:loop_outside_repeater/),
        expect.stringMatching(/^late:unknown_step:.*"ghost"/),
        expect.stringMatching(/^late:reference_out_of_scope:.*own output/),
        expect.stringMatching(/^late:reference_out_of_scope:.*"one" is in a path branch/),
      ]),
    );
    expect(problems.find((p) => p.stepId === 'early')?.path).toEqual(['input', 'email']);
  });

  it('reports structure problems: depth, branches, items, duplicates, empty branches, conditions, code, operands, regex', () => {
    const leaf = create('leaf');
    const path = (id: string, inner: unknown[]) => ({ type: 'path', id, branches: [{ id: 'b', name: 'B', conditions: { all: [rule('x')] }, steps: inner }] });
    const manyBranches = Array.from({ length: 11 }, (_, i) => ({ id: `b${i}`, name: `B${i}`, conditions: { all: [rule('x')] }, steps: [create(`s${i}`)] }));
    const def = {
      trigger,
      steps: [
        path('p1', [path('p2', [path('p3', [path('p4', [leaf])])])]),
        { type: 'path', id: 'wide', branches: manyBranches },
        { type: 'path', id: 'bare', branches: [], otherwise: [] },
        { type: 'path', id: 'hollow', branches: [{ id: 'x', name: 'Hollow', conditions: { any: [] }, steps: [] }, { id: 'x', name: 'Twin', conditions: { all: [rule('y')] }, steps: [create('t')] }] },
        { type: 'repeater', id: 'rep', items: 'items: {{trigger.items}}', steps: [create('leaf')] },
        { type: 'filter', id: 'f', conditions: { all: [{ any: [] }, rule('{{trigger.a}}', 'gt'), rule('{{trigger.a}}', 'between', ['1']), rule('{{trigger.a}}', 'matches', '(a+)+'), rule('{{trigger.a}}', 'matches', '(')] } },
        { type: 'code', id: 'code', source: '   ' },
        { type: 'code', id: 'trigger', source: 'return {}' },
      ],
    };
    const problems = validateDefinition(def, registry);
    expect(codes(problems)).toEqual(
      expect.arrayContaining([
        'p4:path_too_deep',
        'wide:too_many_branches',
        'bare:no_branches',
        'bare:empty_branch',
        'hollow:empty_branch',
        'hollow:no_conditions',
        'hollow:duplicate_id',
        'rep:items_not_reference',
        'leaf:duplicate_id',
        'f:no_conditions',
        'f:invalid_operand',
        'f:invalid_regex',
        'code:missing_source',
        'trigger:duplicate_id',
      ]),
    );
    expect(codes(problems)).not.toContain('p3:path_too_deep');
    expect(problems.filter((p) => p.code === 'invalid_operand')).toHaveLength(2);
    expect(problems.filter((p) => p.code === 'invalid_regex').map((p) => p.message)).toEqual([
      expect.stringContaining('repeated group'),
      expect.stringContaining('invalid pattern'),
    ]);
    expect(problems.find((p) => p.stepId === 'f' && p.code === 'no_conditions')?.path).toEqual(['conditions', 'all', 0]);
  });

  it('reports a step count over the limit, and invalid references', () => {
    const steps = Array.from({ length: 6 }, (_, i) => ({ type: 'code', id: `c${i}`, source: 'return {}' }));
    expect(codes(validateDefinition({ trigger, steps }, registry, { maxSteps: 5 }))).toEqual([':too_many_steps']);
    const bad = validateDefinition({ trigger, steps: [create('a', '{{trigger.__proto__.x}} {{ env.HOME }} {{steps}} {{loop.other}}')] }, registry);
    expect(codes(bad)).toEqual(['a:invalid_reference', 'a:invalid_reference', 'a:invalid_reference', 'a:loop_outside_repeater']);
  });

  it('returns every problem at once, even with a malformed step among them', () => {
    const problems = validateDefinition(
      {
        trigger: { ...trigger, connector: 'ghost' },
        steps: [
          { type: 'mystery', id: 'm' },
          { type: 'filter', id: 'f', conditions: { all: [] } },
          create('a', ''),
          create('a', '{{steps.zzz.id}}'),
        ],
      },
      registry,
    );
    expect(codes(problems).sort()).toEqual(['m:schema', 'f:no_conditions', 'a:duplicate_id', 'a:unknown_step', 'a:missing_field', 'trigger:unknown_connector'].sort());
  });
});

describe('required-field messages (issue 17, friction 9)', () => {
  it('friction 9: a required field is named by its label, else by its key in words, never "entityModel"', () => {
    const schema = z.object({
      entityModel: z.string().meta({ label: 'Related To' }),
      customerId: z.string(),
      note: z.string().min(1).meta({ label: 'Note text' }),
    });
    expect(fieldLabel(schema, 'entityModel')).toBe('Related To');
    expect(fieldLabel(schema, 'customerId')).toBe('Customer Id');
    expect(fieldLabel(schema, 'note')).toBe('Note text');
    const reg = { connector: () => ({ auth: { kind: 'none' } }), trigger: () => ({ input: z.object({}) }), action: () => ({ input: schema }) };
    const problems = validateDefinition({ trigger: { id: 'trigger', connector: 't', event: 'e', input: {} }, steps: [{ type: 'action', id: 'a', connector: 'x', action: 'y', input: {} }] }, reg);
    expect(problems.filter((p) => p.code === 'missing_field').map((p) => p.message)).toEqual(['Related To is required', 'Customer Id is required', 'Note text is required']);
  });
});
