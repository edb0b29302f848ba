import { describe, expect, it } from 'vitest';
import { KonnectorDefinition } from './definition';
import { DraftDefinition } from './draft';
import { validateDefinition } from './validate';
import type { DefinitionRegistry } from './validate-registry';

const registry: DefinitionRegistry = { connector: () => undefined, trigger: () => undefined, action: () => undefined };

const emptyAction = (id: string) => ({ type: 'action', id, connector: '', action: '', input: {}, onError: 'stop' });
const blank = { id: 'trigger', connector: '', event: '', input: {} };
const nested = {
  trigger: { ...blank, connectionId: '' },
  steps: [
    {
      type: 'path',
      id: 'p',
      branches: [{ id: 'b', name: 'B', conditions: { all: [] }, steps: [{ type: 'repeater', id: 'r', items: '', steps: [{ ...emptyAction('deep'), connectionId: '' }], maxIterations: 100 }] }],
      otherwise: [{ type: 'code', id: 'c', source: '' }],
    },
  ],
};

describe('DraftDefinition', () => {
  it('accepts the builder\'s empty steps at any depth, dropping empty connection choices', () => {
    const parsed = DraftDefinition.parse(nested);
    expect(parsed.trigger).not.toHaveProperty('connectionId');
    const path = parsed.steps[0];
    if (path?.type !== 'path') throw new Error('expected a path');
    const repeater = path.branches[0]?.steps[0];
    if (repeater?.type !== 'repeater') throw new Error('expected a repeater');
    expect(repeater.steps[0]).toEqual({ type: 'action', id: 'deep', connector: '', action: '', input: {}, onError: 'stop' });
    // The published definition stays strict about the same tree.
    expect(KonnectorDefinition.safeParse(parsed).success).toBe(false);
  });

  it('is as strict as the definition about structure, and the validator reports what is missing', () => {
    expect(DraftDefinition.safeParse({ trigger: blank, steps: [{ type: 'loop', id: 'x' }] }).success).toBe(false);
    expect(DraftDefinition.safeParse({ trigger: blank, steps: [{ ...emptyAction('a'), connector: 1 }] }).success).toBe(false);
    expect(DraftDefinition.safeParse({ trigger: blank, steps: [{ type: 'repeater', id: 'r', items: '', steps: [emptyAction('bad id')] }] }).success).toBe(false);
    expect(DraftDefinition.safeParse({ trigger: blank, steps: [{ ...emptyAction('a'), action: 'x'.repeat(101) }] }).success).toBe(false);

    const problems = validateDefinition(DraftDefinition.parse(nested), registry).map((p) => `${p.stepId}:${p.path.join('.')}:${p.code}`);
    expect(problems).toEqual(
      expect.arrayContaining(['deep:connector:schema', 'deep:action:schema', 'r:items:items_not_reference', 'c:source:missing_source', 'p:branches.0.conditions:no_conditions']),
    );
  });
});
