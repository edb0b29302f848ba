import { runAction } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import { formatterConnector } from './index';
import { parseNumber } from './numbers';

const number = (input: Record<string, unknown>) =>
  runAction({ connector: formatterConnector, actionKey: 'number', auth: undefined, input, idempotencyKey: 'k' });

describe('parseNumber', () => {
  it.each([
    ['1,234.50', 'en-US', 1234.5],
    ['1.234,50', 'de-DE', 1234.5],
    ['1 234,5', 'fr-FR', 1234.5],
    ['1\u202f234,5', 'fr-FR', 1234.5],
    ['12,34,567', 'en-IN', 1234567],
    ['$ 99.90', 'en-US', 99.9],
    ['-$12', 'en-US', -12],
    ['(42.10)', 'en-US', -42.1],
    ['7%', 'en-US', 7],
    ['€1.5e3', 'en-US', 1500],
    ['-.5', 'en-US', -0.5],
  ])('%s in %s is %d', (text, locale, n) => {
    expect(parseNumber(text, locale)).toBe(n);
  });

  it.each([['abc'], [''], ['1,5'], ['1.2.3'], ['12 apples 3']])('%j is not a number', (text) => {
    expect(parseNumber(text, 'en-US')).toBeNaN();
  });
});

describe('Formatter: number', () => {
  it('formats for a locale, with decimals and currency', async () => {
    expect(await number({ operation: 'format', value: 1234.5, decimals: 2 })).toEqual({ result: '1,234.50', number: 1234.5 });
    expect(await number({ operation: 'format', value: '1234,5', locale: 'de-DE', currency: 'eur' })).toEqual({
      result: '1.234,50\u00a0€',
      number: 1234.5,
    });
  });

  it('rounds and does arithmetic without floating-point noise', async () => {
    expect(await number({ operation: 'round', value: 2.345, decimals: 2 })).toEqual({ result: 2.35 });
    expect(await number({ operation: 'round', value: '1,234.5' })).toEqual({ result: 1235 });
    expect(await number({ operation: 'add', value: 0.1, operand: 0.2 })).toEqual({ result: 0.3 });
    expect(await number({ operation: 'subtract', value: '10', operand: 2.5 })).toEqual({ result: 7.5 });
    expect(await number({ operation: 'multiply', value: 1.1, operand: 3 })).toEqual({ result: 3.3 });
    expect(await number({ operation: 'divide', value: 10, operand: 4 })).toEqual({ result: 2.5 });
    expect(await number({ operation: 'parse', value: '(1,000.25)' })).toEqual({ result: -1000.25 });
  });

  it.each([
    [{ operation: 'parse', value: 'twelve' }, 'Input "value": "twelve" is not a number (locale en-US)'],
    [{ operation: 'add', value: 1 }, 'Input "operand": "By" is required to add'],
    [{ operation: 'multiply', value: 1, operand: 'x' }, 'Input "operand": "x" is not a number'],
    [{ operation: 'divide', value: 1, operand: 0 }, 'Input "operand": Cannot divide by zero'],
    [{ operation: 'format', value: 1, locale: 'not_a_locale!' }, 'Input "locale": Unknown locale'],
    [{ operation: 'format', value: 1, currency: 'EURO' }, 'Input "currency": Use a three-letter currency code'],
    [{ operation: 'format', value: Infinity }, 'Input "value": '],
  ])('rejects %j naming the field', async (input, message) => {
    await expect(number(input)).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining(message) });
  });
});
