import { describe, expect, it } from 'vitest';
import { referencesConnection } from './usage';

const definition = {
  trigger: { id: 't', connector: 'custify', event: 'person_created', connectionId: 'c-trigger', input: {} },
  steps: [
    { id: 'f', type: 'filter', conditions: { all: [] } },
    {
      id: 'p',
      type: 'path',
      branches: [{ id: 'b', name: 'B', conditions: { all: [] }, steps: [{ id: 'a1', type: 'action', connector: 'custify', action: 'x', connectionId: 'c-branch', input: {} }] }],
      otherwise: [{ id: 'r', type: 'repeater', items: '{{trigger.items}}', maxIterations: 5, steps: [{ id: 'a2', type: 'action', connectionId: 'c-loop', input: { note: 'c-text' } }] }],
    },
  ],
};

describe('referencesConnection', () => {
  it('finds the trigger connection and actions nested in paths and repeaters', () => {
    for (const id of ['c-trigger', 'c-branch', 'c-loop']) expect(referencesConnection(definition, id)).toBe(true);
  });

  it('ignores other ids, the same text in other fields, and junk', () => {
    expect(referencesConnection(definition, 'c-other')).toBe(false);
    expect(referencesConnection(definition, 'c-text')).toBe(false);
    for (const junk of [null, undefined, 'c-trigger', 42, [], { connectionId: 7 }]) expect(referencesConnection(junk, 'c-trigger')).toBe(false);
  });
});
