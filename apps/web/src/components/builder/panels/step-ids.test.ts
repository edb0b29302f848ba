import { describe, expect, it } from 'vitest';
import type { PathStep } from '@konnect/schemas';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import { freshId, newBranch, usedIds } from './step-ids';

const path: PathStep = {
  type: 'path',
  id: 'route',
  branches: [{ id: 'route_branch_1', name: 'VIP', conditions: { all: [] }, steps: [{ type: 'code', id: 'inner', source: '' }] }],
  otherwise: [{ type: 'filter', id: 'late', conditions: { all: [] } }],
};
const draft: KonnectorDraft = { trigger: { id: 'trigger', connector: '', event: '', input: {} }, steps: [path] };

describe('step ids', () => {
  it('collects step and branch ids through the whole tree', () => {
    expect([...usedIds(draft)].sort()).toEqual(['inner', 'late', 'route', 'route_branch_1', 'trigger']);
  });

  it('picks the first free numbered id and stays within the id length limit', () => {
    expect(freshId('x', new Set(['x_1', 'x_2']))).toBe('x_3');
    const long = freshId('a'.repeat(60), new Set());
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith('_1')).toBe(true);
  });

  it('adds a named branch with an empty condition and a unique id', () => {
    expect(newBranch(draft, path)).toEqual({ id: 'route_branch_2', name: 'Branch 2', conditions: { all: [{ left: '', op: 'equals', right: '' }] }, steps: [] });
  });
});
