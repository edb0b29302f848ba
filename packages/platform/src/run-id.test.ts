import { describe, expect, it } from 'vitest';
import { runId } from './run-id';

describe('run ids (issue 17, bug 5)', () => {
  it('bug 5: runs created in the same millisecond get ids that sort in creation order', () => {
    const at = Date.now() + 60_000;
    const ids = Array.from({ length: 50 }, () => runId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('bug 5: more than 4096 ids in one millisecond still sort in order, and a clock step back does not reorder', () => {
    const at = Date.now() + 120_000;
    const ids = Array.from({ length: 5000 }, () => runId(at));
    ids.push(runId(at - 10));
    expect([...ids].sort()).toEqual(ids);
  });
});
