import { describe, expect, it } from 'vitest';
import { groupCommit, groupCommitPer } from './group-commit';

/** A `many` that records each call's items and answers with the items doubled (or fails on a bad one). */
function recorder() {
  const calls: number[][] = [];
  const many = async (items: readonly number[]) => {
    calls.push([...items]);
    if (items.includes(13)) throw new Error('13 is bad');
    return items.map((n) => n * 2);
  };
  return { calls, many };
}

describe('groupCommit', () => {
  it('carries the calls of one turn of the event loop in one call, each getting its own result', async () => {
    const r = recorder();
    const double = groupCommit({ many: r.many });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(r.calls).toEqual([[1, 2, 3]]);
  });

  it('sends a lone call on its own, and calls of later turns in later calls', async () => {
    const r = recorder();
    const double = groupCommit({ many: r.many });
    expect(await double(5)).toBe(10);
    expect(await double(6)).toBe(12);
    expect(r.calls).toEqual([[5], [6]]);
  });

  it('orders the items of a call and splits calls at `max` items', async () => {
    const r = recorder();
    const double = groupCommit({ many: r.many, max: 2, compare: (a, b) => a - b });
    expect(await Promise.all([double(3), double(1), double(2)])).toEqual([6, 2, 4]);
    expect(r.calls).toEqual([[1, 3], [2]]);
  });

  it('when the shared call fails, tries each item alone: only the bad one fails', async () => {
    const r = recorder();
    const double = groupCommit({ many: r.many });
    const results = await Promise.allSettled([double(1), double(13), double(2)]);
    expect(results.map((x) => (x.status === 'fulfilled' ? x.value : (x.reason as Error).message))).toEqual([2, '13 is bad', 4]);
    expect(r.calls).toEqual([[1, 13, 2], [1], [13], [2]]);
  });

  it('a lone call that fails is rejected once, with its error', async () => {
    const r = recorder();
    const double = groupCommit({ many: r.many });
    await expect(double(13)).rejects.toThrow('13 is bad');
    expect(r.calls).toEqual([[13]]);
  });

  it('groupCommitPer keeps one group commit per owner: owners never share a call', async () => {
    const calls: string[][] = [];
    const tag = groupCommitPer((owner: { name: string }) => ({
      many: async (items: readonly string[]) => {
        calls.push(items.map((i) => `${owner.name}:${i}`));
        return items.map((i) => `${owner.name}:${i}`);
      },
    }));
    const a = { name: 'a' };
    const b = { name: 'b' };
    expect(await Promise.all([tag(a, 'x'), tag(b, 'y'), tag(a, 'z')])).toEqual(['a:x', 'b:y', 'a:z']);
    expect(calls).toEqual([['a:x', 'a:z'], ['b:y']]);
  });
});
