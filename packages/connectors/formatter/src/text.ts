import { defineAction } from '@konnect/sdk';
import { z } from 'zod';
import { textValue } from './values';

const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g;
const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+/g;

export const textInput = z
  .object({
    operation: z
      .enum(['uppercase', 'lowercase', 'titlecase', 'trim', 'replace', 'split', 'truncate', 'extract_email', 'extract_number', 'length'])
      .meta({ label: 'Transform' }),
    value: textValue.meta({ label: 'Text', multiline: true }),
    find: z.string().optional().meta({ label: 'Find', description: 'Replace: the text to look for (exact, every occurrence).' }),
    replaceWith: z.string().default('').meta({ label: 'Replace with' }),
    separator: z.string().min(1).default(',').meta({ label: 'Separator', description: 'Split: the text between parts.' }),
    index: z
      .number()
      .int()
      .optional()
      .meta({ label: 'Part', description: 'Split: which part to return (0 = first, -1 = last); empty returns all parts.' }),
    maxLength: z.number().int().min(0).optional().meta({ label: 'Max length', description: 'Truncate: longest result, in characters.' }),
    ellipsis: z.boolean().default(false).meta({ label: 'Add "…"', description: 'Truncate: end a cut text with "…" (within the max length).' }),
  })
  .superRefine((v, ctx) => {
    if (v.operation === 'replace' && !v.find) {
      ctx.addIssue({ code: 'custom', path: ['find'], message: 'Find is required to replace' });
    }
    if (v.operation === 'truncate' && v.maxLength === undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxLength'], message: 'Max length is required to truncate' });
    }
  });

type TextInput = z.output<typeof textInput>;

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s\-/([{"“])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

function truncate(text: string, max: number, ellipsis: boolean): { result: string; truncated: boolean } {
  const chars = [...text];
  if (chars.length <= max) return { result: text, truncated: false };
  if (!ellipsis || max === 0) return { result: chars.slice(0, max).join(''), truncated: true };
  return { result: `${chars.slice(0, max - 1).join('').trimEnd()}…`, truncated: true };
}

function split(text: string, input: TextInput): Record<string, unknown> {
  const parts = text.split(input.separator).map((p) => p.trim());
  if (input.index === undefined) return { result: parts, count: parts.length };
  return { result: parts.at(input.index) ?? '', parts, count: parts.length };
}

/** Runs one text operation. */
export function formatText(input: TextInput): Record<string, unknown> {
  const text = input.value;
  switch (input.operation) {
    case 'uppercase':
      return { result: text.toUpperCase() };
    case 'lowercase':
      return { result: text.toLowerCase() };
    case 'titlecase':
      return { result: titleCase(text) };
    case 'trim':
      return { result: text.trim() };
    case 'replace': {
      const find = input.find ?? '';
      const pieces = text.split(find);
      return { result: pieces.join(input.replaceWith), replacements: pieces.length - 1 };
    }
    case 'split':
      return split(text, input);
    case 'truncate':
      return truncate(text, input.maxLength ?? text.length, input.ellipsis);
    case 'extract_email': {
      const all = text.match(EMAIL) ?? [];
      return { result: all[0] ?? null, all };
    }
    case 'extract_number': {
      const all = (text.match(NUMBER) ?? []).map((m) => Number(m.replace(/,/g, '')));
      return { result: all[0] ?? null, all };
    }
    case 'length':
      return { result: [...text].length };
  }
}

export const text = defineAction({
  key: 'text',
  readOnly: true,
  name: 'Text',
  description: 'Change text: case, trim, find and replace, split, truncate, extract an email or a number, length.',
  group: 'Formatter',
  input: textInput,
  run: async ({ input }) => formatText(input),
});
