import type { Step } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import { previewRoute } from './path-preview';

const note = (id: string): Step => ({ type: 'action', id, connector: 'custify', action: 'create_note', connectionId: 'c', input: {}, onError: 'stop' });
const rule = (left: string, right: string) => ({ all: [{ left, op: 'equals' as const, right }] });

const steps: Step[] = [
  {
    type: 'path',
    id: 'route',
    branches: [
      { id: 'vip', name: 'VIP', conditions: rule('{{trigger.plan}}', 'enterprise'), steps: [note('vip_note')] },
      { id: 'pro', name: 'Pro', conditions: rule('{{trigger.plan}}', 'pro'), steps: [note('pro_note')] },
    ],
    otherwise: [note('other_note')],
  },
  note('after'),
];

describe('previewRoute', () => {
  it('names the branch a record takes and the steps it reaches', () => {
    const pro = previewRoute(steps, { trigger: { plan: 'pro' }, steps: {} });
    expect(pro.paths).toEqual([expect.objectContaining({ stepId: 'route', branchId: 'pro', branchName: 'Pro', decided: true })]);
    expect([...pro.reachable].sort()).toEqual(['after', 'pro_note', 'route']);
    const free = previewRoute(steps, { trigger: { plan: 'free' }, steps: {} });
    expect(free.paths[0]).toMatchObject({ branchId: 'otherwise', branchName: 'Otherwise', decided: true });
    expect(free.reachable.has('other_note')).toBe(true);
    expect(free.reachable.has('vip_note')).toBe(false);
  });

  it('without otherwise and no match, the run ends there: nothing after it is reached', () => {
    const strict: Step[] = [{ ...(steps[0] as Extract<Step, { type: 'path' }>), otherwise: undefined }, note('after')];
    const none = previewRoute(strict, { trigger: { plan: 'free' }, steps: {} });
    expect(none.paths[0]).toMatchObject({ branchId: null, decided: true, reason: expect.stringContaining('filtered') });
    expect(none.reachable.has('after')).toBe(false);
  });

  it('a path reading an earlier step\'s output is decided during the run (every branch may run), unless the output is known', () => {
    const later: Step[] = [{ type: 'code', id: 'calc', source: 'return { tier: "a" }' }, { ...(steps[0] as Extract<Step, { type: 'path' }>), branches: [{ id: 'a', name: 'Tier A', conditions: rule('{{steps.calc.tier}}', 'a'), steps: [note('a_note')] }] }];
    const unknown = previewRoute(later, { trigger: {}, steps: {} });
    expect(unknown.paths[0]).toMatchObject({ decided: false, reason: expect.stringContaining('earlier steps') });
    expect(unknown.reachable.has('a_note') && unknown.reachable.has('other_note')).toBe(true);
    const known = previewRoute(later, { trigger: {}, steps: { calc: { tier: 'a' } } });
    expect(known.paths[0]).toMatchObject({ branchId: 'a', decided: true });
  });

  it('paths inside a repeater are decided per item', () => {
    const loop: Step[] = [{ type: 'repeater', id: 'each', items: '{{trigger.items}}', maxIterations: 10, steps: [steps[0] as Step] }];
    const preview = previewRoute(loop, { trigger: { items: [1] }, steps: {} });
    expect(preview.paths[0]).toMatchObject({ stepId: 'route', decided: false });
    expect(preview.reachable.has('vip_note')).toBe(true);
  });
});
