import { describe, expect, it } from 'vitest';
import { appsOf, connectionSlots, withConnections } from './definition';

const action = (id: string, connector: string, connectionId?: string) => ({ type: 'action', id, connector, action: 'x', input: {}, ...(connectionId ? { connectionId } : {}) });

const NESTED = {
  trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: 'c-trigger', input: {} },
  steps: [
    { type: 'filter', id: 'f1', conditions: { all: [] } },
    {
      type: 'path',
      id: 'p1',
      branches: [{ id: 'b1', name: 'B1', conditions: { all: [] }, steps: [{ type: 'repeater', id: 'r1', items: '{{trigger.x}}', steps: [action('deep', 'http')] }] }],
      otherwise: [action('other', 'custify', 'c-other')],
    },
    action('last', 'formatter'),
  ],
};

describe('definition walking', () => {
  it('lists the apps used, trigger first, each once, however deeply nested', () => {
    expect(appsOf(NESTED)).toEqual(['custify', 'http', 'formatter']);
    expect(appsOf({ trigger: { connector: '' }, steps: 'not a list' })).toEqual([]);
    expect(appsOf(null)).toEqual([]);
  });

  it('finds every trigger/action connection slot with its path', () => {
    const slots = connectionSlots(NESTED);
    expect(slots.map((s) => [s.stepId, s.value, s.path.join('.')])).toEqual([
      ['trigger', 'c-trigger', 'trigger'],
      ['deep', undefined, 'steps.1.branches.0.steps.0.steps.0'],
      ['other', 'c-other', 'steps.1.otherwise.0'],
      ['last', undefined, 'steps.2'],
    ]);
  });

  it('replaces or removes connection ids in a copy, leaving the original untouched', () => {
    const copy = withConnections(NESTED, (slot) => (slot.value === 'c-other' ? undefined : { connectorKey: slot.connector, name: 'Prod' })) as typeof NESTED;
    expect(copy.trigger.connectionId).toEqual({ connectorKey: 'custify', name: 'Prod' });
    expect(copy.steps[1]).toMatchObject({ otherwise: [expect.not.objectContaining({ connectionId: expect.anything() })] });
    expect(NESTED.trigger.connectionId).toBe('c-trigger');
  });
});
