import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseTemplate } from './template';
import { validateDefinition } from './validate';
import type { DefinitionRegistry } from './validate-registry';

const registry: DefinitionRegistry = {
  connector: (key) => (key === 'crm' ? { auth: { kind: 'apiKey' } } : undefined),
  trigger: (c, key) => (c === 'crm' && key === 'created' ? { input: z.object({ segment: z.string() }) } : undefined),
  action: (c, key) => (c === 'crm' && key === 'create' ? { input: z.object({ email: z.string() }) } : undefined),
};

const small = fc.jsonValue({ maxDepth: 2 });

/** Step-shaped objects with arbitrary (often wrong) field values, nested `depth` levels. */
function looseStep(depth: number): fc.Arbitrary<Record<string, unknown>> {
  const children = depth > 0 ? fc.array(looseStep(depth - 1), { maxLength: 2 }) : fc.constant([]);
  return fc.record(
    {
      type: fc.constantFrom('filter', 'path', 'code', 'repeater', 'action', 'bogus'),
      id: fc.oneof(fc.constantFrom('a', 'b', 'trigger', ''), fc.string(), fc.integer()),
      conditions: fc.oneof(small, fc.record({ all: fc.array(fc.record({ left: fc.string(), op: fc.constantFrom('gt', 'between', 'matches', 'exists', 'nope'), right: small })) })),
      branches: fc.oneof(small, fc.array(fc.record({ id: fc.string(), name: fc.string(), conditions: small, steps: children }), { maxLength: 2 })),
      steps: fc.oneof(small, children),
      otherwise: children,
      items: fc.oneof(fc.string(), fc.constant('{{trigger.items}}'), small),
      source: fc.oneof(fc.string(), small),
      connector: fc.constantFrom('crm', 'ghost'),
      action: fc.constantFrom('create', 'ghost'),
      input: fc.oneof(small, fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.constant('{{steps.a.x}} {{loop.item}} {{ bad }}')))),
    },
    { requiredKeys: ['type'] },
  );
}

describe('validateDefinition never throws', () => {
  it('on any value', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(Array.isArray(validateDefinition(value, registry))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on definition-shaped values with wrong parts', () => {
    fc.assert(
      fc.property(fc.array(looseStep(2), { maxLength: 4 }), small, (steps, trigger) => {
        for (const def of [{ trigger: { id: 'trigger', connector: 'crm', event: 'created', input: {} }, steps }, { trigger, steps }]) {
          const problems = validateDefinition(def, registry);
          for (const p of problems) expect(typeof p.message).toBe('string');
        }
      }),
      { numRuns: 150 },
    );
    // ~5 s of generated definitions on an idle machine: a busy one needs more (no speed is asserted here).
  }, 60_000);

  it('parseTemplate never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseTemplate(`{{${s}}} ${s}`)), { numRuns: 500 });
  });
});
