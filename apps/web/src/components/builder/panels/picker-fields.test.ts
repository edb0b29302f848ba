import { availableFields } from '@konnect/engine/fields';
import { catalogue } from '@konnect/connectors';
import { describe, expect, it } from 'vitest';
import type { KonnectorDraft, TriggerSample } from '@/lib/konnector-bodies';
import { bestMatch, groupFields, labelsToRefs, refLabel, searchGroups, stepLabel, stepLabels, withItemLabels, withSampleLabels } from './picker-fields';

const draft: KonnectorDraft = {
  trigger: { id: 'trigger', connector: 'custify', event: 'person_created', input: {} },
  steps: [
    { type: 'action', id: 'find', connector: 'custify', action: 'get_person', input: {}, onError: 'stop' },
    { type: 'code', id: 'calc', name: 'Score', source: 'return {}' },
    { type: 'repeater', id: 'each', items: '{{trigger.items}}', maxIterations: 100, steps: [{ type: 'filter', id: 'inner', conditions: { all: [] } }] },
  ],
};
const record = { user_id: 'u1', first_name: 'Ada', items: [{ sku: 'A-1' }], custom_attributes: { plan: 'pro' } };
const sample: TriggerSample = {
  connector: 'custify',
  event: 'person_created',
  connectionId: null,
  records: [record],
  fields: [
    { path: 'user_id', label: 'User ID', type: 'string', example: 'u1' },
    { path: 'custom_attributes.plan', label: 'Custom Attributes Plan', type: 'string', example: 'pro' },
  ],
  fetchedAt: '2026-01-01T00:00:00.000Z',
};

describe('step labels', () => {
  it('names steps by their name, else app and action, else type', () => {
    const labels = stepLabels(draft, catalogue());
    expect(labels).toEqual({ find: 'Custify: Get Person', calc: 'Score', each: 'Repeater', inner: 'Filter' });
    expect(stepLabel({ type: 'action', id: 'x', connector: '', action: '', input: {}, onError: 'stop' })).toBe('Action');
  });
});

describe('data picker groups', () => {
  const fields = withSampleLabels(availableFields(draft, 'inner', { trigger: record, steps: { find: { id: 7, email: 'a@b.c' } } }), sample);
  const groups = groupFields(fields, stepLabels(draft, catalogue()));

  it('groups trigger fields first, then earlier steps by name, then loop fields', () => {
    expect(groups.map((g) => g.label)).toEqual(['Trigger', 'Custify: Get Person', 'Repeater']);
    expect(groups[0]?.fields.map((f) => f.ref)).toContain('trigger.first_name');
    expect(groups[2]?.fields.map((f) => f.ref)).toEqual(expect.arrayContaining(['loop.index', 'loop.item', 'loop.item.sku']));
  });

  it("uses the sample's labels for trigger fields", () => {
    expect(fields.find((f) => f.ref === 'trigger.user_id')?.label).toBe('User ID');
    expect(fields.find((f) => f.ref === 'trigger.custom_attributes.plan')?.label).toBe('Custom Attributes Plan');
  });

  it("labels a list's first item apart from the list", () => {
    const labelled = withItemLabels(availableFields(draft, 'calc', { trigger: { tags: ['vip'] } }));
    expect(labelled.map((f) => [f.ref, f.label])).toEqual([
      ['trigger.tags', 'Tags'],
      ['trigger.tags[0]', 'Tags › First item'],
    ]);
  });

  it('searches labels, refs and examples by every word and filters by type', () => {
    expect(searchGroups(groups, 'first').flatMap((g) => g.fields.map((f) => f.ref))).toEqual(['trigger.first_name']);
    expect(searchGroups(groups, 'get a@b').flatMap((g) => g.fields.map((f) => f.ref))).toEqual(['steps.find.email']);
    expect(searchGroups(groups, '', (f) => f.type === 'array').flatMap((g) => g.fields.map((f) => f.ref))).toEqual(['trigger.items']);
    expect(searchGroups(groups, 'nothing-like-this')).toEqual([]);
  });

  it('labels chips from known fields, else from the path', () => {
    const known = new Map(fields.map((f) => [f.ref, f]));
    const labels = stepLabels(draft, catalogue());
    expect(refLabel('trigger.first_name', known, labels)).toBe('First Name');
    expect(refLabel('steps.find.email', known, labels)).toBe('Custify: Get Person › Email');
    expect(refLabel('trigger.last_name', new Map(), labels)).toBe('Last Name');
    expect(refLabel('steps.gone.total_amount', new Map(), labels)).toBe('gone › Total Amount');
    expect(refLabel('loop.item.sku', new Map(), labels)).toBe('Loop › Item › Sku');
  });
});

describe('issue 17: the guide\'s mapping words', () => {
  const guideDraft: KonnectorDraft = {
    trigger: { id: 'trigger', connector: 'custify', event: 'person_created', input: {} },
    steps: [
      { type: 'code', id: 'calc', name: 'Score', source: 'return {}' },
      { type: 'action', id: 'note', connector: 'custify', action: 'create_note', input: {}, onError: 'stop' },
    ],
  };
  const person = { first_name: 'Ada', last_name: 'Lovelace', customer: { name: 'Acme', id: 'c1' }, name_prefix: 'Dr' };
  const fields = availableFields(guideDraft, 'note', { trigger: person, steps: { calc: { total: 3, first_name: 'Step Ada' } } });
  const known = new Map(fields.map((f) => [f.ref, f]));
  const labels = stepLabels(guideDraft, catalogue());
  const labelFor = (ref: string) => refLabel(ref, known, labels);

  it('bug 2: typing the guide\'s {{First Name}} {{Last Name}} maps the trigger fields labelled so', () => {
    expect(labelsToRefs('{{First Name}} {{Last Name}}', fields, labelFor)).toBe('{{trigger.first_name}} {{trigger.last_name}}');
    // Case and spacing as typed do not matter; a chip's own label (step › field) works too.
    expect(labelsToRefs('Hi {{ first  name }}, score {{Score › Total}}', fields, labelFor)).toBe('Hi {{trigger.first_name}}, score {{steps.calc.total}}');
    // Trigger fields win over a step output with the same label, as the picker lists them.
    expect(labelsToRefs('{{First Name}}', fields, labelFor)).toBe('{{trigger.first_name}}');
    // References stay as written; unknown labels stay for the validator to report.
    expect(labelsToRefs('{{ trigger.first_name }} {{Middle Name}}', fields, labelFor)).toBe('{{ trigger.first_name }} {{Middle Name}}');
    expect(labelsToRefs('no braces', fields, labelFor)).toBe('no braces');
  });

  it('bug 3: searching "Customer Name" puts customer.name before the customer object, and Enter picks it', () => {
    const groups = groupFields(fields, labels);
    const shown = searchGroups(groups, 'Customer Name');
    const refs = shown.flatMap((g) => g.fields.map((f) => f.ref));
    expect(refs).toContain('trigger.customer');
    expect(refs.indexOf('trigger.customer.name')).toBeLessThan(refs.indexOf('trigger.customer'));
    expect(bestMatch(shown, 'Customer Name')?.ref).toBe('trigger.customer.name');
    // An exact label beats a longer one that starts with it ("Name Prefix" for "name").
    expect(bestMatch(searchGroups(groups, 'customer'), 'customer')?.ref).toBe('trigger.customer');
    // Without a query the picker keeps its order and Enter takes the first field.
    expect(bestMatch(searchGroups(groups, ''), '')?.ref).toBe(fields[0]?.ref);
  });
});

describe('error fields in the picker', () => {
  it('groups error.* fields under "Error of <step>"', () => {
    const fields = [
      { ref: 'trigger.a', label: 'A', type: 'string' as const, example: 'x', source: 'trigger' },
      { ref: 'error.message', label: 'Error Message', type: 'string' as const, example: 'boom', source: 'create' },
      { ref: 'error.status', label: 'Error Status', type: 'number' as const, example: 500, source: 'create' },
    ];
    expect(groupFields(fields, { create: 'Create task' }).map((g) => [g.label, g.fields.map((f) => f.ref)])).toEqual([
      ['Trigger', ['trigger.a']],
      ['Error of Create task', ['error.message', 'error.status']],
    ]);
    expect(refLabel('error.message', new Map(), {})).toBe('Error › Message');
  });
});
