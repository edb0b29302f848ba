import { describe, expect, it } from 'vitest';
import { perOwner } from './per-owner';

describe('perOwner', () => {
  it('makes one value per owner on first use and returns that same value afterwards', () => {
    const made: string[] = [];
    const stateOf = perOwner((owner: { name: string }) => {
      made.push(owner.name);
      return { owner: owner.name, items: new Map<string, number>() };
    });
    const a = { name: 'a' };
    const b = { name: 'b' };
    stateOf(a).items.set('x', 1);
    expect(stateOf(a).items.get('x')).toBe(1);
    expect(stateOf(b).items.size).toBe(0);
    expect(stateOf(b)).not.toBe(stateOf(a));
    expect(made).toEqual(['a', 'b']);
  });

  it('keeps a made value even when it is falsy', () => {
    let calls = 0;
    const countOf = perOwner(() => {
      calls += 1;
      return 0;
    });
    const owner = {};
    expect([countOf(owner), countOf(owner)]).toEqual([0, 0]);
    expect(calls).toBe(1);
  });

  it('keeps separate helpers apart for the same owner', () => {
    const owner = {};
    const first = perOwner(() => new Set<string>());
    const second = perOwner(() => new Set<string>());
    first(owner).add('x');
    expect(second(owner).has('x')).toBe(false);
  });
});
