import { availableFields } from '@konnect/engine/fields';
import type { Step } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import { codeInput } from './code-input';

const steps: Step[] = [
  { type: 'code', id: 'first', source: 'return { n: 1 }' },
  {
    type: 'repeater',
    id: 'each',
    items: '{{trigger.items}}',
    maxIterations: 100,
    steps: [{ type: 'code', id: 'inner', source: 'return {}' }],
  },
  { type: 'code', id: 'last', source: 'return {}' },
];
const trigger = { items: [{ sku: 'A' }, { sku: 'B' }] };
const outputs = { first: { n: 1 }, each: { count: 2 }, inner: { x: 1 }, last: { y: 2 } };
const input = (stepId: string) => codeInput(steps, stepId, trigger, outputs, availableFields({ trigger: { id: 'trigger', connector: 'x', event: 'y', input: {} }, steps }, stepId, { trigger, steps: outputs }));

describe('codeInput', () => {
  it('gives the trigger record and only the outputs of steps before the code step', () => {
    expect(input('first')).toEqual({ trigger, steps: {} });
    expect(input('last')).toEqual({ trigger, steps: { first: { n: 1 }, each: { count: 2 } } });
  });

  it("gives the first item of the enclosing repeater's list as loop.item", () => {
    expect(input('inner')).toEqual({ trigger, steps: { first: { n: 1 } }, loop: { item: { sku: 'A' }, index: 0 } });
  });

  it('gives an empty trigger when there is no sample', () => {
    expect(codeInput(steps, 'first', undefined, {}, [])).toEqual({ trigger: {}, steps: {} });
  });
});
