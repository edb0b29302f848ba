/** Friction 14: the Sample Fields table and the data picker show the same value and type for a field. */
import { availableFields } from '@konnect/engine/fields';
import { inferSampleFields } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import type { KonnectorDraft, TriggerSample } from '@/lib/konnector-bodies';
import { withSampleLabels } from './picker-fields';
import { exampleText, shownValue } from './sample-record';

const draft: KonnectorDraft = {
  trigger: { id: 'trigger', connector: 'custify', event: 'person_created', input: {} },
  steps: [{ type: 'filter', id: 'after', conditions: { all: [] } }],
};
// The chosen record (first) has no last_seen yet; another record has one.
const records = [
  { id: 'p1', email: 'ada@example.com', last_seen: null, signed_up_at: '2026-11-30T09:15:00.000Z' },
  { id: 'p2', email: 'grace@example.com', last_seen: '2026-12-01T10:00:00.000Z', signed_up_at: '2026-10-01T08:00:00.000Z' },
];
const sample: TriggerSample = { connector: 'custify', event: 'person_created', connectionId: null, records, fields: inferSampleFields(records), fetchedAt: '2026-12-07T00:00:00.000Z' };

const inPicker = (ref: string) => withSampleLabels(availableFields(draft, 'after', { trigger: records[0] }), sample).find((f) => f.ref === ref);
const inTable = (path: string) => {
  const field = sample.fields.find((f) => f.path === path);
  if (!field) throw new Error(`no field ${path}`);
  return shownValue(records[0], field);
};

describe('table and picker agree', () => {
  it('a date empty in the chosen record is a date with the same example in both, not null', () => {
    expect(inTable('last_seen')).toEqual({ value: '2026-12-01T10:00:00.000Z', type: 'date', fromOther: true });
    expect(inPicker('trigger.last_seen')).toMatchObject({ type: 'date', example: '2026-12-01T10:00:00.000Z' });
    expect(exampleText(inTable('last_seen').value)).toBe(exampleText(inPicker('trigger.last_seen')?.example));
  });

  it('a date the chosen record has is that record\'s value in both', () => {
    expect(inTable('signed_up_at')).toEqual({ value: '2026-11-30T09:15:00.000Z', type: 'date', fromOther: false });
    expect(inPicker('trigger.signed_up_at')).toMatchObject({ type: 'date', example: '2026-11-30T09:15:00.000Z' });
  });

  it('a field empty in every record stays empty in both', () => {
    const blank = [{ id: 'x', note: null }];
    const blankSample = { ...sample, records: blank, fields: inferSampleFields(blank) };
    const field = blankSample.fields.find((f) => f.path === 'note');
    expect(field && shownValue(blank[0], field)).toEqual({ value: null, type: 'null', fromOther: false });
    expect(withSampleLabels(availableFields(draft, 'after', { trigger: blank[0] }), blankSample).find((f) => f.ref === 'trigger.note')).toMatchObject({ type: 'null' });
  });
});
