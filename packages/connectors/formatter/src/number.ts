import { ConnectorError, defineAction } from '@konnect/sdk';
import { z } from 'zod';
import { clean, roundTo, toNumber } from './numbers';
import { locale, numberLike, shown } from './values';

const ARITHMETIC = ['add', 'subtract', 'multiply', 'divide'] as const;

export const numberInput = z
  .object({
    operation: z
      .enum(['format', 'round', 'add', 'subtract', 'multiply', 'divide', 'parse'])
      .meta({ label: 'Transform' }),
    value: numberLike.meta({ label: 'Number', description: 'A number, or text such as "1,234.50" read with the locale.' }),
    operand: numberLike
      .optional()
      .meta({ label: 'By', description: 'Add / subtract / multiply / divide: the other number.' }),
    decimals: z
      .number()
      .int()
      .min(0)
      .max(20)
      .optional()
      .meta({ label: 'Decimals', description: 'Format: fixed decimals. Round: decimals kept (default 0).' }),
    locale,
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'Use a three-letter currency code such as EUR or USD')
      .optional()
      .meta({ label: 'Currency', description: 'Format: show as money in this currency (ISO code).' }),
  })
  .superRefine((v, ctx) => {
    if (Number.isNaN(toNumber(v.value, v.locale)) || !Number.isFinite(toNumber(v.value, v.locale))) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${shown(v.value)} is not a number (locale ${v.locale})` });
    }
    if ((ARITHMETIC as readonly string[]).includes(v.operation)) {
      if (v.operand === undefined || v.operand === '') {
        ctx.addIssue({ code: 'custom', path: ['operand'], message: `"By" is required to ${v.operation}` });
        return;
      }
      const operand = toNumber(v.operand, v.locale);
      if (!Number.isFinite(operand)) {
        ctx.addIssue({ code: 'custom', path: ['operand'], message: `${shown(v.operand)} is not a number (locale ${v.locale})` });
      } else if (v.operation === 'divide' && operand === 0) {
        ctx.addIssue({ code: 'custom', path: ['operand'], message: 'Cannot divide by zero' });
      }
    }
  });

type NumberInput = z.output<typeof numberInput>;

function format(n: number, input: NumberInput): string {
  const options: Intl.NumberFormatOptions = {};
  if (input.currency) {
    options.style = 'currency';
    options.currency = input.currency.toUpperCase();
  }
  if (input.decimals !== undefined) {
    options.minimumFractionDigits = input.decimals;
    options.maximumFractionDigits = input.decimals;
  }
  try {
    return new Intl.NumberFormat(input.locale, options).format(n);
  } catch (err) {
    throw new ConnectorError({
      kind: 'config',
      message: `currency: ${err instanceof Error ? err.message : String(err)}`,
      retryable: false,
    });
  }
}

/** Runs one number operation (input already validated: value and operand are numbers). */
export function formatNumber(input: NumberInput): Record<string, unknown> {
  const n = toNumber(input.value, input.locale);
  const by = input.operand === undefined ? NaN : toNumber(input.operand, input.locale);
  switch (input.operation) {
    case 'format':
      return { result: format(n, input), number: n };
    case 'round':
      return { result: roundTo(n, input.decimals ?? 0) };
    case 'add':
      return { result: clean(n + by) };
    case 'subtract':
      return { result: clean(n - by) };
    case 'multiply':
      return { result: clean(n * by) };
    case 'divide':
      return { result: clean(n / by) };
    case 'parse':
      return { result: n };
  }
}

export const number = defineAction({
  key: 'number',
  readOnly: true,
  name: 'Number',
  description: 'Format a number for a locale or currency, round it, do arithmetic, or read a number from text.',
  group: 'Formatter',
  input: numberInput,
  run: async ({ input }) => formatNumber(input),
});
