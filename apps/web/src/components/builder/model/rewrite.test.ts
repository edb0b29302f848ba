import { describe, expect, it } from 'vitest';
import { rewriteTemplate, rewriteValue } from './rewrite';

const ids = new Map([
  ['a', 'a_copy'],
  ['action_1', 'action_7'],
]);

describe('rewriteTemplate', () => {
  it('renames the step id of dotted and bracketed references, keeping the rest as written', () => {
    expect(rewriteTemplate('Hi {{steps.a.name}}!', ids)).toBe('Hi {{steps.a_copy.name}}!');
    expect(rewriteTemplate('{{ steps.action_1.items[0].sku }}', ids)).toBe('{{ steps.action_7.items[0].sku }}');
    expect(rewriteTemplate(`{{steps["a"].x}} {{steps['action_1']}}`, ids)).toBe(`{{steps["a_copy"].x}} {{steps['action_7']}}`);
  });

  it('leaves other steps, other roots, look-alike ids and plain text alone', () => {
    expect(rewriteTemplate('{{steps.b.a}} {{trigger.a}} {{loop.item.a}}', ids)).toBe('{{steps.b.a}} {{trigger.a}} {{loop.item.a}}');
    expect(rewriteTemplate('{{steps.ab.x}} {{steps.a-b}}', ids)).toBe('{{steps.ab.x}} {{steps.a-b}}');
    expect(rewriteTemplate('steps.a is text', ids)).toBe('steps.a is text');
    expect(rewriteTemplate('{{steps.a', ids)).toBe('{{steps.a');
  });
});

describe('rewriteValue', () => {
  it('rewrites strings at any depth and keeps other values', () => {
    const value = { to: '{{steps.a.email}}', list: ['{{steps.action_1.id}}', 3, true, null], nested: { deep: 'x {{steps.a.y}}' } };
    expect(rewriteValue(value, ids)).toEqual({ to: '{{steps.a_copy.email}}', list: ['{{steps.action_7.id}}', 3, true, null], nested: { deep: 'x {{steps.a_copy.y}}' } });
    expect(value.to).toBe('{{steps.a.email}}');
  });
});
