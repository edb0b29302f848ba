/**
 * Why an action's input was refused, in words a user reads in the event log (issue 17, friction 10):
 * `Subject is empty because Order ID was missing in the trigger data` rather than
 * `Input "subject": Invalid input: expected string, received undefined` with the real cause
 * (`missing: trigger.order_id`) in a collapsed log. Fields go by their labels; a reference that
 * resolved to nothing goes by its last key in words and where it was looked up.
 */
import type { MappedInput, Reference } from '@konnect/schemas';
import { fieldMeta, type AnyObjectSchema, type InputIssue } from '@konnect/sdk';
import { humanize } from './labels';
import { resolveReference, type Scope } from './scope';
import { parsedTemplate } from './template';

function fieldLabel(schema: AnyObjectSchema, field: string): string {
  const key = field.split(/[.[]/)[0] ?? field;
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  const meta = shape?.[key] ? fieldMeta(shape[key] as Parameters<typeof fieldMeta>[0]) : {};
  const label = typeof meta.label === 'string' && meta.label.trim() ? meta.label : humanize(key);
  return key === field ? label : `${label} (${field.slice(key.length).replace(/^\./, '')})`;
}

function refLabel(ref: Reference, stepNames: ReadonlyMap<string, string>): string {
  const named = ref.path.filter((s): s is string => typeof s === 'string');
  if (ref.root === 'steps') {
    const [stepId, ...rest] = ref.path;
    const step = stepNames.get(String(stepId)) ?? String(stepId);
    const last = rest.filter((s): s is string => typeof s === 'string').at(-1);
    return `${last ? words(last) : 'the output'} was missing in the output of "${step}"`;
  }
  const last = named.at(-1);
  if (ref.root === 'loop') return `${last ? words(last) : 'the item'} was missing in the repeated item`;
  return `${last ? words(last) : 'the record'} was missing in the trigger data`;
}

/** A key in words, with the usual acronyms: `order_id` → "Order ID". */
function words(key: string): string {
  return humanize(key).replace(/\b(Id|Url|Api|Ip)\b/g, (w) => w.toUpperCase());
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * One sentence per refused field (at most 5), joined with "; "; null when no refused field is
 * empty (a value that is there but wrong keeps the SDK's message, the same a connector test gives).
 */
export function explainInputIssues(
  issues: readonly InputIssue[],
  schema: AnyObjectSchema,
  mapped: MappedInput,
  rendered: unknown,
  scope: Scope,
  stepNames: ReadonlyMap<string, string> = new Map(),
): string | null {
  const values = typeof rendered === 'object' && rendered !== null ? (rendered as Record<string, unknown>) : {};
  if (!issues.some((i) => isEmpty(values[i.field.split(/[.[]/)[0] ?? '']))) return null;
  const seen = new Set<string>();
  const sentences: string[] = [];
  for (const issue of issues) {
    const top = issue.field.split(/[.[]/)[0] ?? '';
    if (!top) {
      sentences.push(issue.message);
      continue;
    }
    if (seen.has(issue.field)) continue;
    seen.add(issue.field);
    const label = fieldLabel(schema, issue.field);
    const template = mapped[top];
    if (isEmpty(values[top])) {
      if (typeof template === 'string' && template.trim() !== '') {
        const missing = parsedTemplate(template).refs.filter((ref) => resolveReference(ref, scope) === undefined);
        sentences.push(missing.length ? `${label} is empty because ${missing.map((r) => refLabel(r, stepNames)).join(' and ')}` : `${label} is empty`);
      } else {
        sentences.push(`${label} is empty: nothing is mapped to it`);
      }
    } else {
      sentences.push(`${label}: ${issue.message}`);
    }
  }
  const shown = sentences.slice(0, 5);
  if (sentences.length > shown.length) shown.push(`and ${sentences.length - shown.length} more`);
  return shown.join('; ');
}
