import { catalogue } from '@konnect/connectors';
import { describe, expect, it } from 'vitest';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import { needsConfirm, testPlan } from './test-plan';

const draft: KonnectorDraft = {
  trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: 'c', input: {} },
  steps: [
    { type: 'action', id: 'lookup', connector: 'custify', action: 'get_person', connectionId: 'c', input: {}, onError: 'stop' },
    { type: 'action', id: 'fmt', connector: 'formatter', action: 'text', input: {}, onError: 'stop' },
    {
      type: 'path',
      id: 'route',
      name: 'By plan',
      branches: [{ id: 'pro', name: 'Pro', conditions: { all: [{ left: '{{trigger.plan}}', op: 'equals', right: 'pro' }] }, steps: [{ type: 'action', id: 'pro_note', name: 'Welcome note', connector: 'custify', action: 'create_note', connectionId: 'c', input: {}, onError: 'stop' }] }],
      otherwise: [{ type: 'action', id: 'task', connector: 'custify', action: 'create_task', connectionId: 'c', input: {}, onError: 'stop' }],
    },
  ],
};

describe('testPlan', () => {
  it('lists the actions that write (not lookups or formatters), on the branch this record takes', () => {
    const plan = testPlan(draft, catalogue(), { plan: 'pro' });
    expect(plan.writes).toEqual([
      { stepId: 'pro_note', title: 'Welcome note', app: 'Custify', reachable: true },
      { stepId: 'task', title: 'Create Task', app: 'Custify', reachable: false },
    ]);
    expect(plan.paths).toEqual([expect.objectContaining({ stepId: 'route', title: 'By plan', branchName: 'Pro', decided: true })]);
    expect(needsConfirm(plan, 1)).toBe(true);
  });

  it('another record takes the other branch', () => {
    const plan = testPlan(draft, catalogue(), { plan: 'free' });
    expect(plan.writes.filter((w) => w.reachable).map((w) => w.stepId)).toEqual(['task']);
    expect(plan.paths[0]).toMatchObject({ branchId: 'otherwise', branchName: 'Otherwise' });
  });

  it('reads only, one record, no path: the test runs without asking', () => {
    const reads: KonnectorDraft = { ...draft, steps: draft.steps.slice(0, 2) };
    const plan = testPlan(reads, catalogue(), {});
    expect(plan).toEqual({ writes: [], paths: [] });
    expect(needsConfirm(plan, 1)).toBe(false);
    expect(needsConfirm(plan, 3)).toBe(true);
  });
});
