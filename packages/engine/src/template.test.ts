import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MappedValue } from '@konnect/schemas';
import type { Scope } from './scope';
import { render, renderValue } from './template';

const scope: Scope = {
  trigger: {
    first_name: 'Ada',
    age: 36,
    vip: true,
    none: null,
    tags: ['a', 'b'],
    items: [{ name: 'pen', qty: 2 }, { name: 'ink', qty: 1 }],
    company: { name: 'ACME', address: { city: 'Paris' } },
    'Plan Name': 'pro',
  },
  steps: { send: { id: 'p_1', matrix: [[1, 2], [3, 4]] } },
  loop: { item: { sku: 'X1' }, index: 3 },
};

describe('render', () => {
  it('keeps the type of a sole reference', () => {
    expect(render('{{trigger.age}}', scope)).toBe(36);
    expect(render('{{trigger.vip}}', scope)).toBe(true);
    expect(render('{{trigger.none}}', scope)).toBeNull();
    expect(render('{{trigger.tags}}', scope)).toEqual(['a', 'b']);
    expect(render('{{trigger.company}}', scope)).toEqual({ name: 'ACME', address: { city: 'Paris' } });
    expect(render('{{loop.index}}', scope)).toBe(3);
    expect(render('{{loop.item}}', scope)).toEqual({ sku: 'X1' });
    expect(render('{{ trigger.first_name }}', scope)).toBe('Ada');
  });

  it('stringifies mixed text, objects as JSON', () => {
    expect(render('Hi {{trigger.first_name}} ({{trigger.age}})', scope)).toBe('Hi Ada (36)');
    expect(render('tags={{trigger.tags}} co={{trigger.company.address}}', scope)).toBe('tags=["a","b"] co={"city":"Paris"}');
    expect(render('{{trigger.none}}|{{trigger.vip}}', scope)).toBe('|true');
    expect(render('no refs', scope)).toBe('no refs');
  });

  it('reads indexes in both forms, nested arrays and quoted keys', () => {
    expect(render('{{trigger.items[1].name}}', scope)).toBe('ink');
    expect(render('{{trigger.items.0.qty}}', scope)).toBe(2);
    expect(render('{{steps.send.matrix[1][0]}}', scope)).toBe(3);
    expect(render('{{steps.send.matrix.0.1}}', scope)).toBe(2);
    expect(render('{{trigger.items.length}}', scope)).toBe(2);
    expect(render('{{trigger["Plan Name"]}}', scope)).toBe('pro');
    expect(render('{{loop.item.sku}}-{{loop.index}}', scope)).toBe('X1-3');
  });

  it('reports missing values: undefined for a sole reference, empty text when mixed', () => {
    const logs = new Set<string>();
    expect(render('{{trigger.x}}', scope, logs)).toBeUndefined();
    expect(render('a{{trigger.items[9].name}}b{{steps.ghost.id}}', scope, logs)).toBe('ab');
    expect(render('{{trigger.first_name.length}}', scope, logs)).toBeUndefined();
    expect([...logs]).toEqual(['missing: trigger.x', 'missing: trigger.items[9].name', 'missing: steps.ghost.id', 'missing: trigger.first_name.length']);
    const outside = new Set<string>();
    expect(render('{{loop.item}}', { trigger: {}, steps: {} }, outside)).toBeUndefined();
    expect([...outside]).toEqual(['missing: loop.item']);
  });

  it('refuses __proto__, constructor and prototype as missing', () => {
    const logs = new Set<string>();
    expect(render('{{trigger.__proto__}}', scope, logs)).toBeUndefined();
    expect(render('{{trigger.constructor.name}}', scope, logs)).toBeUndefined();
    expect(render('{{trigger.tags.constructor}}', scope, logs)).toBeUndefined();
    expect(render('{{steps.send.prototype}}', scope, logs)).toBeUndefined();
    expect(render('x{{trigger.toString}}y', scope, logs)).toBe('xy');
    expect(logs.size).toBe(5);
  });

  it('leaves invalid references as written and reports them, never evaluating anything', () => {
    const logs = new Set<string>();
    expect(render('{{ process.exit(1) }} ok', scope, logs)).toBe('{{ process.exit(1) }} ok');
    expect(render('{{trigger.age + 1}}', scope, logs)).toBe('{{trigger.age + 1}}');
    expect([...logs][0]).toMatch(/^invalid reference: \{\{ process\.exit\(1\) \}\}/);
  });
});

describe('expression injection', () => {
  /** A trigger payload as JSON.parse gives it: `__proto__` and `constructor` are own keys here. */
  const hostile: Scope = {
    trigger: JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"x": 1}}, "name": "Ada", "tags": ["a"]}') as unknown,
    steps: { s: { out: 1 } },
    loop: { item: { sku: 'X1' }, index: 0 },
  };

  const INJECTIONS = [
    '{{trigger.__proto__.polluted}}',
    '{{trigger.__proto__}}',
    '{{trigger["constructor"]}}',
    "{{trigger['__proto__']['polluted']}}",
    '{{trigger["__proto__"].polluted}}',
    '{{trigger.constructor.prototype.x}}',
    '{{trigger.name.constructor}}',
    '{{trigger.tags.constructor}}',
    '{{trigger.tags.__proto__}}',
    '{{trigger.hasOwnProperty}}',
    '{{trigger.toString}}',
    '{{trigger.valueOf}}',
    '{{trigger.name.length}}',
    '{{steps.__proto__}}',
    '{{steps["constructor"]}}',
    '{{steps.s.__proto__.polluted}}',
    '{{loop.item.constructor}}',
    '{{loop.__proto__}}',
    '{{trigger["\\u005f_proto__"]}}',
  ];

  it.each(INJECTIONS)('%s resolves as missing, never reaching a prototype or a function', (template) => {
    const logs = new Set<string>();
    expect(render(template, hostile, logs)).toBeUndefined();
    expect(render(`x${template}y`, hostile, logs)).toBe('xy');
    expect([...logs].every((l) => l.startsWith('missing: '))).toBe(true);
  });

  it.each([
    "{{trigger.constructor.constructor('return process')()}}",
    '{{trigger["__pro" + "to__"]}}',
    '{{this.constructor}}',
    '{{globalThis.process.env}}',
    '{{process.mainModule.require("child_process")}}',
    '{{trigger.name}}{{`${process.env}`}}',
    '{{ (() => process)() }}',
    '{{import("fs")}}',
  ])('%s is not a reference: left as written, reported, nothing evaluated', (template) => {
    const logs = new Set<string>();
    const out = render(template, hostile, logs);
    expect(typeof out).toBe('string');
    expect(out).toContain('{{');
    expect([...logs].some((l) => l.startsWith('invalid reference: '))).toBe(true);
  });

  it('leaves host prototypes untouched and drops __proto__ keys of mapped input', () => {
    const mapped = JSON.parse('{"__proto__": {"polluted": "{{trigger.name}}"}, "constructor": "{{trigger.name}}"}') as MappedValue;
    const rendered = renderValue(mapped, hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(rendered)).toBe(Object.prototype);
    expect(Object.hasOwn(rendered, '__proto__')).toBe(false);
    expect(rendered.constructor).toBe('Ada');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('x');
  });
});

describe('renderValue', () => {
  it('renders nested objects and arrays, keeps literals, drops missing keys', () => {
    const logs = new Set<string>();
    const out = renderValue(
      { name: '{{trigger.first_name}}', n: 5, ok: false, nil: null, lines: [{ sku: '{{loop.item.sku}}', qty: '{{trigger.items[0].qty}}' }], gone: '{{trigger.nope}}' },
      scope,
      logs,
    );
    expect(out).toEqual({ name: 'Ada', n: 5, ok: false, nil: null, lines: [{ sku: 'X1', qty: 2 }] });
    expect([...logs]).toEqual(['missing: trigger.nope']);
  });
});

describe('render on arbitrary input', () => {
  it('never throws; mixed templates always give text', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue({ maxDepth: 3 }), (text, data) => {
        const template = `{{trigger.${text}}} ${text} {{${text}}}`;
        const out = render(template, { trigger: data, steps: {} }, new Set());
        expect(typeof out).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
