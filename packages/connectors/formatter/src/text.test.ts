import { runAction } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import { formatterConnector } from './index';

const text = (input: Record<string, unknown>) =>
  runAction({ connector: formatterConnector, actionKey: 'text', auth: undefined, input, idempotencyKey: 'k' });

describe('Formatter: text', () => {
  it.each([
    ['uppercase', { value: 'Ada é' }, 'ADA É'],
    ['lowercase', { value: 'ÀDA' }, 'àda'],
    ['titlecase', { value: "hello WORLD of o'neil-smith (fr)" }, "Hello World Of O'neil-Smith (Fr)"],
    ['trim', { value: '  a  b \n' }, 'a  b'],
    ['length', { value: 'né 👋' }, 4],
  ])('%s', async (operation, input, result) => {
    expect(await text({ operation, ...input })).toEqual({ result });
  });

  it('turns mapped numbers, booleans and null into text', async () => {
    expect(await text({ operation: 'length', value: 12345 })).toEqual({ result: 5 });
    expect(await text({ operation: 'uppercase', value: true })).toEqual({ result: 'TRUE' });
    expect(await text({ operation: 'length', value: null })).toEqual({ result: 0 });
  });

  it('replaces every exact occurrence, with no regular expression', async () => {
    expect(await text({ operation: 'replace', value: 'a.b.c', find: '.', replaceWith: ' / ' })).toEqual({ result: 'a / b / c', replacements: 2 });
    expect(await text({ operation: 'replace', value: 'abc', find: 'b' })).toEqual({ result: 'ac', replacements: 1 });
  });

  it('splits into parts, or returns one part', async () => {
    expect(await text({ operation: 'split', value: 'a, b ,c' })).toEqual({ result: ['a', 'b', 'c'], count: 3 });
    expect(await text({ operation: 'split', value: 'x|y|z', separator: '|', index: -1 })).toEqual({ result: 'z', parts: ['x', 'y', 'z'], count: 3 });
    expect(await text({ operation: 'split', value: 'x|y', separator: '|', index: 5 })).toMatchObject({ result: '' });
  });

  it('truncates by characters, with an optional ellipsis inside the limit', async () => {
    expect(await text({ operation: 'truncate', value: 'Hello world', maxLength: 5 })).toEqual({ result: 'Hello', truncated: true });
    expect(await text({ operation: 'truncate', value: 'Hello world', maxLength: 7, ellipsis: true })).toEqual({ result: 'Hello…', truncated: true });
    expect(await text({ operation: 'truncate', value: 'Hi', maxLength: 7, ellipsis: true })).toEqual({ result: 'Hi', truncated: false });
  });

  it('extracts the first email and number, and all of them', async () => {
    expect(await text({ operation: 'extract_email', value: 'Write to <ada.l+crm@example.co.uk> or bob@x.io.' })).toEqual({
      result: 'ada.l+crm@example.co.uk',
      all: ['ada.l+crm@example.co.uk', 'bob@x.io'],
    });
    expect(await text({ operation: 'extract_email', value: 'no address here' })).toEqual({ result: null, all: [] });
    expect(await text({ operation: 'extract_number', value: 'Total: $1,234.50, then -3 and .5' })).toEqual({ result: 1234.5, all: [1234.5, -3, 0.5] });
    expect(await text({ operation: 'extract_number', value: 'none' })).toEqual({ result: null, all: [] });
  });

  it.each([
    [{ operation: 'replace', value: 'x' }, 'Input "find": Find is required to replace'],
    [{ operation: 'truncate', value: 'x' }, 'Input "maxLength": Max length is required to truncate'],
    [{ operation: 'shout', value: 'x' }, 'Input "operation": '],
    [{ operation: 'uppercase', value: { a: 1 } }, 'Input "value": '],
  ])('rejects %j naming the field', async (input, message) => {
    await expect(text(input)).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining(message) });
  });
});
