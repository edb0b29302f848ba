import { describe, expect, it } from 'vitest';
import { fieldLabel, inferSampleFields, sampleResult } from './sample';

describe('fieldLabel', () => {
  it.each([
    ['first_name', 'First Name'],
    ['custom_attributes.plan', 'Custom Attributes Plan'],
    ['dueDate', 'Due Date'],
    ['user_id', 'User ID'],
    ['companies.0.company_id', 'Companies Company ID'],
    ['owners-csm', 'Owners CSM'],
  ])('%s → %s', (path, label) => {
    expect(fieldLabel(path)).toBe(label);
  });
});

describe('inferSampleFields', () => {
  it('flattens objects, types values and expands the first array element one level', () => {
    const fields = inferSampleFields([
      {
        id: 'p1',
        first_name: 'Ada',
        session_count: 4,
        unsubscribed: false,
        last_seen_at: null,
        created_at: '2026-03-01T10:00:00.000Z',
        signed_up: '2026-02-28',
        custom_attributes: { plan: 'pro', billing: { seats: 3 } },
        settings: {},
        tags: ['vip', 'beta'],
        companies: [{ company_id: 'c1', meta: { deep: 1 }, ids: [1] }, { company_id: 'c2' }],
      },
    ]);
    const byPath = Object.fromEntries(fields.map((f) => [f.path, f]));
    expect(Object.keys(byPath)).toEqual([
      'id',
      'first_name',
      'session_count',
      'unsubscribed',
      'last_seen_at',
      'created_at',
      'signed_up',
      'custom_attributes.plan',
      'custom_attributes.billing.seats',
      'settings',
      'tags',
      'companies',
      'companies.0.company_id',
      'companies.0.meta',
      'companies.0.ids',
    ]);
    expect(byPath.first_name).toEqual({ path: 'first_name', label: 'First Name', type: 'string', example: 'Ada' });
    expect(byPath.session_count?.type).toBe('number');
    expect(byPath.unsubscribed?.type).toBe('boolean');
    expect(byPath.last_seen_at?.type).toBe('null');
    expect(byPath.created_at?.type).toBe('date');
    expect(byPath.signed_up?.type).toBe('date');
    expect(byPath['custom_attributes.plan']).toMatchObject({ label: 'Custom Attributes Plan', example: 'pro' });
    expect(byPath.settings?.type).toBe('object');
    expect(byPath.tags).toMatchObject({ type: 'array', example: ['vip', 'beta'] });
    expect(byPath['companies.0.company_id']).toMatchObject({ type: 'string', example: 'c1' });
    expect(byPath['companies.0.meta']?.type).toBe('object');
    expect(byPath['companies.0.ids']?.type).toBe('array');
  });

  it('does not take date-like free text for a date', () => {
    const [field] = inferSampleFields([{ note: '2026-13-45 is not a date' }]);
    expect(field?.type).toBe('string');
  });

  it('merges fields across records, filling nulls from later records', () => {
    const fields = inferSampleFields([
      { id: 1, phone: null },
      { id: 2, phone: '+33 1 23', email: 'b@x.io' },
    ]);
    expect(fields.map((f) => [f.path, f.type, f.example])).toEqual([
      ['id', 'number', 1],
      ['phone', 'string', '+33 1 23'],
      ['email', 'string', 'b@x.io'],
    ]);
  });

  it('ignores values that are not records', () => {
    expect(inferSampleFields([null, 'x', [1], { a: 1 }]).map((f) => f.path)).toEqual(['a']);
  });
});

describe('sampleResult', () => {
  it('keeps up to three records and merges their fields', () => {
    const records = [{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }];
    const result = sampleResult(records);
    expect(result.records).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(result.fields.map((f) => f.path)).toEqual(['a', 'b', 'c']);
  });

  it('is empty for no records', () => {
    expect(sampleResult([])).toEqual({ records: [], fields: [] });
  });
});
