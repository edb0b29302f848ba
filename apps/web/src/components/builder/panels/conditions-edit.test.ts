import { describe, expect, it } from 'vitest';
import { addGroup, addRule, removeItem, setItem, setMode } from './conditions-edit';

describe('condition group edits', () => {
  it('adds rules and nested groups matching the other way', () => {
    const g = addGroup(addRule({ all: [] }));
    expect(g).toEqual({ all: [{ left: '', op: 'equals', right: '' }, { any: [{ left: '', op: 'equals', right: '' }] }] });
  });

  it('switches ALL/ANY keeping the items, replaces and removes items', () => {
    const g = { all: [{ left: 'a', op: 'exists' as const }, { left: 'b', op: 'exists' as const }] };
    expect(setMode(g, 'any')).toEqual({ any: g.all });
    expect(setItem(g, 1, { left: 'c', op: 'not_exists' })).toEqual({ all: [g.all[0], { left: 'c', op: 'not_exists' }] });
    expect(removeItem(g, 0)).toEqual({ all: [g.all[1]] });
    expect(g.all).toHaveLength(2);
  });
});
