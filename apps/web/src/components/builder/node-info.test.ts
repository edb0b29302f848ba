import type { Problem, Step } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '@/lib/api-types';
import { EMPTY_DRAFT } from '@/lib/konnector-bodies';
import { describeConditions, readable, stepInfo, triggerInfo } from './node-info';

const catalogue = [
  {
    key: 'custify',
    name: 'Custify',
    triggers: [{ key: 'person_created', name: 'Person Created' }],
    actions: [{ key: 'create_person', name: 'Create Person' }],
  },
] as unknown as CatalogueEntry[];

const problem = (stepId: string, message: string): Problem => ({ stepId, path: [], code: 'missing_field', message });

describe('readable and describeConditions', () => {
  it('shows references as their field names', () => {
    expect(readable('{{trigger.first_name}}')).toBe('First Name');
    expect(readable('Hi {{steps.find.contact.emailAddress}}!')).toBe('Hi Email Address!');
    expect(readable('{{loop.item}}')).toBe('Item');
    expect(readable('{{trigger.items[0].sku}}')).toBe('Sku');
  });

  it('summarises the first condition and counts the rest', () => {
    expect(describeConditions({ all: [] })).toBe('No conditions yet');
    expect(describeConditions({ all: [{ left: '{{trigger.first_name}}', op: 'contains', right: 'Jo' }] })).toBe('First Name contains Jo');
    expect(describeConditions({ any: [{ left: '{{trigger.total}}', op: 'gt', right: '100' }, { left: '{{trigger.vip}}', op: 'is_true' }, { all: [] }] })).toBe('Total > (number) 100 or 2 more');
    expect(describeConditions({ all: [{ left: '{{trigger.n}}', op: 'between', right: ['1', '5'] }] })).toBe('N is between (number) 1 and 5');
  });
});

describe('stepInfo', () => {
  it('summarises each kind of step', () => {
    const info = (step: Step) => stepInfo(step, catalogue, []);
    expect(info({ type: 'path', id: 'p', branches: [{ id: 'a', name: 'A', conditions: { all: [] }, steps: [] }, { id: 'b', name: 'B', conditions: { all: [] }, steps: [] }] })).toMatchObject({ title: 'Path', summary: '2 branches', status: 'ok' });
    expect(info({ type: 'path', id: 'p', branches: [{ id: 'a', name: 'A', conditions: { all: [] }, steps: [] }], otherwise: [] }).summary).toBe('1 branch + otherwise');
    expect(info({ type: 'code', id: 'c', source: 'const a = 1;\n\nreturn { a };\n' }).summary).toBe('3 lines');
    expect(info({ type: 'code', id: 'c', source: '  ' }).summary).toBe('No code yet');
    expect(info({ type: 'repeater', id: 'r', items: '{{trigger.line_items}}', steps: [], maxIterations: 10 }).summary).toBe('each of Line Items');
    expect(info({ type: 'repeater', id: 'r', items: '', steps: [], maxIterations: 10 }).summary).toBe('Choose a list to repeat over');
    expect(info({ type: 'filter', id: 'f', name: 'Only VIPs', conditions: { all: [] } })).toMatchObject({ title: 'Only VIPs', app: 'Filter' });
  });

  it('names actions from the catalogue, counts mapped fields and marks incomplete ones', () => {
    const action = (input: Record<string, string | string[]>, connector = 'custify', act = 'create_person'): Step => ({ type: 'action', id: 'a', connector, action: act, input, onError: 'stop' });
    expect(stepInfo(action({ email: '{{trigger.email}}', name: '', tags: ['x'] }), catalogue, [])).toMatchObject({ title: 'Create Person', app: 'Custify', summary: '2 fields mapped', status: 'ok' });
    expect(stepInfo(action({}), catalogue, []).summary).toBe('No fields mapped yet');
    expect(stepInfo(action({}, '', ''), catalogue, [])).toMatchObject({ title: 'Action', summary: 'Choose an app and action', status: 'incomplete' });
  });

  it('is an error with its own problems listed, and ignores other steps’ problems', () => {
    const step: Step = { type: 'code', id: 'c', source: 'return {}' };
    expect(stepInfo(step, catalogue, [problem('c', 'Bad'), problem('other', 'Not mine')])).toMatchObject({ status: 'error', problems: ['Bad'] });
  });
});

describe('triggerInfo', () => {
  it('is incomplete until an app and event are chosen, then shows the event and the sample', () => {
    expect(triggerInfo(EMPTY_DRAFT.trigger, catalogue, [], null)).toMatchObject({ title: 'Trigger', status: 'incomplete' });
    const trigger = { ...EMPTY_DRAFT.trigger, connector: 'custify', event: 'person_created' };
    expect(triggerInfo(trigger, catalogue, [], 3)).toMatchObject({ title: 'Person Created', app: 'Custify', summary: '3 sample records', status: 'ok' });
    expect(triggerInfo(trigger, catalogue, [problem('trigger', 'Choose a connection')], null)).toMatchObject({ summary: 'No sample data yet', status: 'error', problems: ['Choose a connection'] });
  });
});
