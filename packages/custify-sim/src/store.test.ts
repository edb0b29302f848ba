import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { loadSeed } from './seed';
import { SimStore } from './store';

describe('SimStore', () => {
  it('inserts with 24-hex ids and clock timestamps; update keeps created_at and sets updated_at', () => {
    let t = Date.parse('2025-01-01T00:00:00Z');
    const store = new SimStore(() => new Date(t));
    const p = store.insert('people', { email: 'a@b.c' });
    expect(p.id).toMatch(/^[0-9a-f]{24}$/);
    expect(p).toMatchObject({ created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z', tags: [] });
    t += 1500;
    const u = store.update('people', p.id, { name: 'A' });
    expect(u).toMatchObject({ name: 'A', created_at: p.created_at, updated_at: '2025-01-01T00:00:01.500Z' });
    expect(store.update('people', p.id, {}, { at: new Date('2024-01-01T00:00:00Z') })?.updated_at).toBe('2024-01-01T00:00:00.000Z');
    expect(store.update('people', 'f'.repeat(24), {})).toBeUndefined();
    expect(store.get('people', p.id)?.name).toBe('A');
    expect(store.remove('people', p.id)).toBe(true);
    expect(store.list('people')).toEqual([]);
  });

  it('freezes records so they change only through update', () => {
    const store = new SimStore();
    const c = store.insert('companies', { company_id: 'x', tags: ['a'] });
    expect(() => {
      (c.tags as string[]).push('b');
    }).toThrow(TypeError);
  });

  it('validates fields, ids and dates', () => {
    const store = new SimStore();
    expect(() => store.insert('tags', { name: '', category: 'people' })).toThrow(ValidationError);
    expect(() => store.insert('people', { id: 'xyz' })).toThrow(/id must be a 24-hex id/);
    const p = store.insert('people', {});
    expect(() => store.insert('people', { id: p.id })).toThrow(/already exists/);
    expect(() => store.insert('people', {}, { at: new Date('nope') })).toThrow(/at must be a valid Date/);
  });

  it('gives the same ids and contents for the same seed', () => {
    const clock = () => new Date('2025-03-01T00:00:00Z');
    const a = new SimStore(clock);
    const b = new SimStore(clock);
    loadSeed(a, 'demo');
    loadSeed(b, 'demo');
    expect(a.list('people')).toEqual(b.list('people'));
    expect(a.list('segments')).toEqual(b.list('segments'));
    expect(a.count('companies')).toBe(5);
  });
});
