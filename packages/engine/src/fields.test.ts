import { KonnectorDefinition } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import { availableFields } from './fields';
import { render } from './template';
import { definition } from './test-fixtures';

const def = KonnectorDefinition.parse(
  definition([
    { type: 'action', id: 'create', connector: 'crm', action: 'create_person', input: {} },
    {
      type: 'path',
      id: 'route',
      branches: [
        { id: 'a', name: 'A', conditions: { all: [{ left: 'x', op: 'exists' }] }, steps: [{ type: 'code', id: 'in_a', source: 'return {}' }, { type: 'code', id: 'a_next', source: 'return {}' }] },
        { id: 'b', name: 'B', conditions: { all: [{ left: 'x', op: 'exists' }] }, steps: [{ type: 'code', id: 'in_b', source: 'return {}' }] },
      ],
    },
    {
      type: 'repeater',
      id: 'orders',
      items: '{{trigger.orders}}',
      steps: [
        { type: 'code', id: 'per_order', source: 'return {}' },
        { type: 'repeater', id: 'lines', items: '{{loop.item.lines}}', steps: [{ type: 'code', id: 'per_line', source: 'return {}' }] },
      ],
    },
    { type: 'code', id: 'last', source: 'return {}' },
  ]),
);

const samples = {
  trigger: { first_name: 'Ada', created_at: '2026-01-02T03:04:05Z', age: 36, vip: true, note: null, company: { name: 'ACME' }, 'Plan Name': 'pro', orders: [{ id: 'o1', lines: [{ sku: 'X', qty: 2 }] }] },
  steps: { create: { id: 'p_1', email: 'a@b.co' }, in_a: { score: 5 }, in_b: { other: 1 }, per_order: { total: 9 } },
};

const refs = (stepId: string) => availableFields(def, stepId, samples).map((f) => f.ref);

describe('availableFields', () => {
  it('lists trigger fields with labels, types and examples', () => {
    const fields = availableFields(def, 'create', samples);
    expect(fields.find((f) => f.ref === 'trigger.first_name')).toEqual({ ref: 'trigger.first_name', label: 'First Name', type: 'string', example: 'Ada', source: 'trigger' });
    expect(fields.find((f) => f.ref === 'trigger.created_at')?.type).toBe('date');
    expect(fields.find((f) => f.ref === 'trigger.age')?.type).toBe('number');
    expect(fields.find((f) => f.ref === 'trigger.vip')?.type).toBe('boolean');
    expect(fields.find((f) => f.ref === 'trigger.note')?.type).toBe('null');
    expect(fields.find((f) => f.ref === 'trigger.company.name')).toMatchObject({ label: 'Company › Name', example: 'ACME' });
    expect(fields.find((f) => f.ref === 'trigger["Plan Name"]')).toMatchObject({ label: 'Plan Name' });
    expect(fields.find((f) => f.ref === 'trigger.orders')).toMatchObject({ type: 'array' });
    expect(fields.find((f) => f.ref === 'trigger.orders[0].lines[0].sku')).toMatchObject({ label: 'Orders › Lines › Sku', example: 'X' });
    expect(fields.some((f) => f.source !== 'trigger')).toBe(false);
  });

  it('adds outputs of preceding steps in scope only', () => {
    expect(refs('in_a')).toEqual(expect.arrayContaining(['steps.create.id', 'steps.route.branchId']));
    expect(refs('a_next')).toContain('steps.in_a.score');
    expect(refs('in_b')).not.toContain('steps.in_a.score');
    expect(refs('last')).not.toContain('steps.in_a.score');
    expect(refs('last')).not.toContain('steps.per_order.total');
    expect(refs('last')).toEqual(expect.arrayContaining(['steps.orders.count', 'steps.route.branchName']));
    expect(refs('create').filter((r) => r.startsWith('steps.'))).toEqual([]);
    expect(refs('ghost')).toEqual([]);
  });

  it('inside repeaters: loop.index and the innermost loop.item fields', () => {
    const perOrder = availableFields(def, 'per_order', samples);
    expect(perOrder.filter((f) => f.ref.startsWith('loop.')).map((f) => f.ref)).toEqual(['loop.index', 'loop.item', 'loop.item.id', 'loop.item.lines', 'loop.item.lines[0]', 'loop.item.lines[0].sku', 'loop.item.lines[0].qty']);
    expect(perOrder.find((f) => f.ref === 'loop.item.id')).toMatchObject({ label: 'Item › Id', example: 'o1', source: 'orders' });
    const perLine = availableFields(def, 'per_line', samples);
    expect(perLine.filter((f) => f.ref.startsWith('loop.')).map((f) => f.ref)).toEqual(['loop.index', 'loop.item', 'loop.item.sku', 'loop.item.qty']);
    expect(perLine.find((f) => f.ref === 'loop.item.qty')).toMatchObject({ type: 'number', example: 2, source: 'lines' });
    expect(perLine.map((f) => f.ref)).toContain('steps.per_order.total');
    expect(refs('last').some((r) => r.startsWith('loop.'))).toBe(false);
  });
});

describe('fields of a Catch Hook body with inherited-looking keys', () => {
  it('finding 10: offers toString and hasOwnProperty as ordinary fields, never __proto__ or constructor (templates refuse them)', () => {
    // A stored form body as the run's trigger data comes back from Postgres: own keys only.
    const trigger = JSON.parse('{"__proto__":["x","y"],"constructor":"c","toString":"t","hasOwnProperty":"h","name":"Ada"}') as object;
    const fields = availableFields(def, 'create', { trigger });
    expect(fields.map((f) => [f.ref, f.example])).toEqual([
      ['trigger.toString', 't'],
      ['trigger.hasOwnProperty', 'h'],
      ['trigger.name', 'Ada'],
    ]);
    expect(render('{{trigger.toString}}/{{trigger.hasOwnProperty}}/{{trigger.name}}', { trigger, steps: {} })).toBe('t/h/Ada');
  });
});
