import type { SampleField, SampleResult } from './types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MAX_DEPTH = 8;
const MAX_FIELDS = 500;
const SAMPLE_RECORDS = 3;

/** Words shown in capitals in labels. */
const ACRONYMS = new Set(['id', 'ids', 'url', 'api', 'ip', 'nps', 'csat', 'csm', 'crm', 'sms', 'utc', 'uuid', 'html']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): SampleField['type'] {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? 'date' : 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'string';
  }
}

function words(segment: string): string[] {
  return segment
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean);
}

/** A human label for a dotted path: `custom_attributes.plan` → "Custom Attributes Plan". */
export function fieldLabel(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('.')) {
    if (/^\d+$/.test(segment)) continue;
    for (const word of words(segment)) {
      const lower = word.toLowerCase();
      out.push(ACRONYMS.has(lower) ? lower.toUpperCase() : lower.charAt(0).toUpperCase() + lower.slice(1));
    }
  }
  return out.join(' ') || path;
}

type Collect = (path: string, value: unknown, type: SampleField['type']) => void;

function flatten(value: Record<string, unknown>, prefix: string, depth: number, inArray: boolean, add: Collect): void {
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const type = typeOf(item);
    if (type === 'object' && isRecord(item) && depth < MAX_DEPTH && !inArray && Object.keys(item).length > 0) {
      flatten(item, path, depth + 1, false, add);
      continue;
    }
    add(path, item, type);
    // An array's first element shows its fields as path.0.x, one level deep.
    if (type === 'array' && !inArray && Array.isArray(item) && isRecord(item[0])) {
      flatten(item[0], `${path}.0`, depth + 1, true, add);
    }
  }
}

/**
 * Sample fields from records: nested objects flattened to dotted paths, arrays typed
 * 'array' with their first element's fields as `path.0.x`, ISO strings typed 'date'.
 * Fields are merged across records; a field null in one record takes its type and example
 * from a record where it has a value.
 */
export function inferSampleFields(records: readonly unknown[]): SampleField[] {
  const fields = new Map<string, SampleField>();
  const add: Collect = (path, value, type) => {
    const existing = fields.get(path);
    if (existing) {
      if (existing.type === 'null' && type !== 'null') {
        existing.type = type;
        existing.example = value;
      }
      return;
    }
    if (fields.size >= MAX_FIELDS) return;
    fields.set(path, { path, label: fieldLabel(path), type, example: value === undefined ? null : value });
  };
  for (const record of records) if (isRecord(record)) flatten(record, '', 0, false, add);
  return [...fields.values()];
}

/** A trigger's sample: up to three records and the fields merged across them. */
export function sampleResult(records: readonly unknown[]): SampleResult {
  const kept = records.filter(isRecord).slice(0, SAMPLE_RECORDS);
  return { records: kept, fields: inferSampleFields(kept) };
}
