/**
 * The trigger sample and test-run outputs the panels work with: which sample belongs to the
 * current trigger, the chosen record (always the first: the one tests run on), and each
 * step's output from the last test run. Pure.
 */
import type { TestRunDto } from '@/lib/api-types';
import type { TriggerSample } from '@/lib/konnector-bodies';
import type { DraftTrigger } from './types';

/** The sample when it was fetched for this trigger's app and event, else null. */
export function sampleFor(sample: TriggerSample | null, trigger: Pick<DraftTrigger, 'connector' | 'event'>): TriggerSample | null {
  if (!sample || trigger.connector === '' || sample.connector !== trigger.connector || sample.event !== trigger.event) return null;
  return sample;
}

/** The record fields are mapped from: the sample's first, else the event the last test ran on. */
export function triggerRecord(sample: TriggerSample | null, testRun: TestRunDto | null): Record<string, unknown> | undefined {
  return sample?.records[0] ?? testRun?.sample;
}

/** The sample with record `index` moved first (tests run on the first record). */
export function chooseRecord(sample: TriggerSample, index: number): TriggerSample {
  const chosen = sample.records[index];
  if (chosen === undefined || index === 0) return sample;
  return { ...sample, records: [chosen, ...sample.records.filter((_, i) => i !== index)] };
}

/** A value at a dotted sample path (`custom_attributes.plan`, `items.0.sku`). */
export function valueAtPath(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

const NAME_KEYS = ['name', 'full_name', 'title', 'subject', 'email', 'company_name', 'user_id', 'id'] as const;

/** "Jane Doe · jane@example.com": up to two identifying values of a record, for the record chooser. */
export function recordSummary(record: Record<string, unknown>, index: number): string {
  const parts: string[] = [];
  for (const key of NAME_KEYS) {
    const v = record[key];
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') parts.push(String(v).slice(0, 60));
    if (parts.length === 2) break;
  }
  const first = typeof record.first_name === 'string' ? record.first_name : '';
  const last = typeof record.last_name === 'string' ? record.last_name : '';
  if (parts.length < 2 && `${first} ${last}`.trim()) parts.unshift(`${first} ${last}`.trim());
  return `Record ${index + 1}${parts.length ? `: ${[...new Set(parts)].slice(0, 2).join(' · ')}` : ''}`;
}

/** Each step's output in the last test run (its first record, e.g. a repeater body's first iteration). */
export function stepOutputs(testRun: TestRunDto | null, codeOutputs: Readonly<Record<string, object>> = {}): Record<string, object> {
  const out: Record<string, object> = {};
  for (const view of testRun?.steps ?? []) {
    if (out[view.stepId] !== undefined) continue;
    if (typeof view.output === 'object' && view.output !== null) out[view.stepId] = view.output;
  }
  // A "Run code" after the last test run is the newer output of that code step.
  return { ...out, ...codeOutputs };
}

/**
 * What the Sample Fields table and the data picker both show for a field of the chosen record: its
 * value there, or — when it is empty there (null or missing) — the type and example the sample
 * found in another record (`fromOther`), so a date is a date in both, never `null` in one of them.
 */
export function shownValue(record: Record<string, unknown> | undefined, field: Pick<TriggerSample['fields'][number], 'path' | 'type' | 'example'>): { value: unknown; type: string; fromOther: boolean } {
  const own = record === undefined ? undefined : valueAtPath(record, field.path);
  if (own !== undefined && own !== null) return { value: own, type: field.type, fromOther: false };
  const other = field.example !== undefined && field.example !== null;
  return { value: other ? field.example : own, type: field.type, fromOther: other };
}

/** A sample value as one line for the Sample Fields table. */
export function exampleText(value: unknown, max = 80): string {
  if (value === undefined || value === null) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
