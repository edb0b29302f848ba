import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromSegments, insertRef, removeRef, snapOffset, soleRef, toSegments, type Segment } from './template-segments';

describe('toSegments / fromSegments', () => {
  it('splits mixed text and references into text and chips', () => {
    expect(toSegments('Hi {{trigger.first_name}} {{trigger.last_name}}!')).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'ref', ref: 'trigger.first_name' },
      { kind: 'text', text: ' ' },
      { kind: 'ref', ref: 'trigger.last_name' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('keeps brackets, quoted keys and step references as one chip each', () => {
    expect(toSegments('{{steps.create.items[0].sku}}{{trigger["Plan Name"]}}')).toEqual([
      { kind: 'ref', ref: 'steps.create.items[0].sku' },
      { kind: 'ref', ref: 'trigger["Plan Name"]' },
    ]);
  });

  it('leaves invalid or unclosed braces as text, merged with the text around them', () => {
    expect(toSegments('a {{nope}} b {{trigger.x')).toEqual([{ kind: 'text', text: 'a {{nope}} b {{trigger.x' }]);
    expect(toSegments('')).toEqual([]);
  });

  it('normalises spaces inside braces', () => {
    expect(fromSegments(toSegments('{{ trigger.email }}'))).toBe('{{trigger.email}}');
  });

  it('round-trips any text and reference sequence (property)', () => {
    const text = fc.string({ maxLength: 12 }).filter((s) => !s.includes('{') && !s.includes('}'));
    const ref = fc.constantFrom('trigger.a', 'trigger.first_name', 'steps.s1.id', 'loop.item', 'loop.index', 'trigger.items[0].sku');
    const segment = fc.oneof(text.map((t): Segment => ({ kind: 'text', text: t })), ref.map((r): Segment => ({ kind: 'ref', ref: r })));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const template = fromSegments(segments);
        expect(fromSegments(toSegments(template))).toBe(template);
        expect(toSegments(template).filter((s) => s.kind === 'ref').map((s) => (s.kind === 'ref' ? s.ref : ''))).toEqual(
          segments.filter((s) => s.kind === 'ref').map((s) => (s.kind === 'ref' ? s.ref : '')),
        );
      }),
    );
  });
});

describe('insertRef', () => {
  it('inserts at the caret and returns the caret after the chip', () => {
    expect(insertRef('Hi !', 3, 'trigger.first_name')).toEqual({ value: 'Hi {{trigger.first_name}}!', caret: 25 });
  });

  it('never splits an existing reference: an offset inside one moves to its end', () => {
    const value = 'a{{trigger.x}}b';
    expect(snapOffset(value, 5)).toBe(14);
    expect(insertRef(value, 5, 'trigger.y').value).toBe('a{{trigger.x}}{{trigger.y}}b');
  });

  it('clamps offsets outside the value', () => {
    expect(insertRef('ab', 99, 'loop.item').value).toBe('ab{{loop.item}}');
    expect(insertRef('ab', -4, 'loop.item').value).toBe('{{loop.item}}ab');
  });
});

describe('removeRef / soleRef', () => {
  it('removes the chip at an index and keeps the text around it', () => {
    expect(removeRef('{{trigger.a}} and {{trigger.b}}', 2)).toBe('{{trigger.a}} and ');
    expect(removeRef('{{trigger.a}} and', 1)).toBe('{{trigger.a}} and');
  });

  it('finds a sole reference, ignoring surrounding spaces', () => {
    expect(soleRef(' {{trigger.line_items}} ')).toBe('trigger.line_items');
    expect(soleRef('{{trigger.a}}{{trigger.b}}')).toBeNull();
    expect(soleRef('items')).toBeNull();
  });
});
