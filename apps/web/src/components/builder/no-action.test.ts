import { describe, expect, it } from 'vitest';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import { noActionProblems } from './no-action';

const trigger = { id: 'trigger' as const, connector: 'catch_hook', event: 'catch_hook', input: {} };
const action = { type: 'action' as const, id: 'note', connector: 'custify', action: 'create_note', input: {}, onError: 'stop' as const };

describe('issue 17 bug 4: a konnector with only a trigger', () => {
  it('bug 4: a trigger alone (or with steps that never act) is a problem, not "No problems"', () => {
    expect(noActionProblems({ trigger, steps: [] })).toEqual([expect.objectContaining({ code: 'no_action', stepId: '', message: expect.stringContaining('Add an action') })]);
    const codeOnly: KonnectorDraft = { trigger, steps: [{ type: 'code', id: 'c', source: 'return {}' }, { type: 'filter', id: 'f', conditions: { all: [] } }] };
    expect(noActionProblems(codeOnly)).toHaveLength(1);
  });

  it('bug 4: an action anywhere (top level, in a path branch or a repeater) is enough', () => {
    expect(noActionProblems({ trigger, steps: [action] })).toEqual([]);
    const inBranch: KonnectorDraft = {
      trigger,
      steps: [{ type: 'path', id: 'p', branches: [{ id: 'b1', name: 'Branch 1', conditions: { all: [] }, steps: [] }], otherwise: [action] }],
    };
    expect(noActionProblems(inBranch)).toEqual([]);
    const inLoop: KonnectorDraft = { trigger, steps: [{ type: 'repeater', id: 'r', items: '{{trigger.items}}', maxIterations: 10, steps: [action] }] };
    expect(noActionProblems(inLoop)).toEqual([]);
  });
});
