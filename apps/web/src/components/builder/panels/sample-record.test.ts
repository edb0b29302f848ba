import { describe, expect, it } from 'vitest';
import type { TestRunDto } from '@/lib/api-types';
import type { KonnectorDraft, TriggerSample } from '@/lib/konnector-bodies';
import { chooseRecord, exampleText, recordSummary, sampleFor, stepOutputs, triggerRecord, valueAtPath } from './sample-record';

const sample: TriggerSample = {
  connector: 'custify',
  event: 'person_created',
  connectionId: 'c1',
  records: [{ id: 1, email: 'a@x.io' }, { id: 2, first_name: 'Bo', last_name: 'Li' }, { id: 3 }],
  fields: [],
  fetchedAt: '2026-01-01T00:00:00.000Z',
};

describe('trigger sample', () => {
  it('belongs to the trigger only when app and event match', () => {
    expect(sampleFor(sample, { connector: 'custify', event: 'person_created' })).toBe(sample);
    expect(sampleFor(sample, { connector: 'custify', event: 'person_updated' })).toBeNull();
    expect(sampleFor(null, { connector: 'custify', event: 'person_created' })).toBeNull();
  });

  it('moves the chosen record first, keeping the others in order', () => {
    expect(chooseRecord(sample, 2).records.map((r) => r.id)).toEqual([3, 1, 2]);
    expect(chooseRecord(sample, 0)).toBe(sample);
    expect(chooseRecord(sample, 9)).toBe(sample);
  });

  it('maps from the first record, else the last test event', () => {
    expect(triggerRecord(sample, null)).toEqual({ id: 1, email: 'a@x.io' });
    expect(triggerRecord(null, { sample: { id: 9 } } as unknown as TestRunDto)).toEqual({ id: 9 });
    expect(triggerRecord(null, null)).toBeUndefined();
  });

  it('reads dotted paths through objects and arrays', () => {
    const record = { a: { b: [{ c: 'deep' }] } };
    expect(valueAtPath(record, 'a.b.0.c')).toBe('deep');
    expect(valueAtPath(record, 'a.x')).toBeUndefined();
    expect(valueAtPath(record, 'a.__proto__')).toBeUndefined();
  });

  it('summarises records for the chooser', () => {
    expect(recordSummary({ id: 1, email: 'a@x.io' }, 0)).toBe('Record 1: a@x.io · 1');
    expect(recordSummary({ first_name: 'Bo', last_name: 'Li', id: 2 }, 1)).toBe('Record 2: Bo Li · 2');
    expect(recordSummary({}, 2)).toBe('Record 3');
    expect(exampleText(null)).toBe('—');
    expect(exampleText('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it("takes each step's first output from a test run", () => {
    const run = { steps: [{ stepId: 'a', output: { n: 1 } }, { stepId: 'a', output: { n: 2 } }, { stepId: 'b', output: null }] } as unknown as TestRunDto;
    expect(stepOutputs(run)).toEqual({ a: { n: 1 } });
    expect(stepOutputs(null)).toEqual({});
  });
});

describe('issue 17: Run code output in the data picker', () => {
  it('bug 1: a Run code output is the code step\'s sample at once, so a later step can map it without a test run', async () => {
    const { availableFields } = await import('@konnect/engine/fields');
    const { groupFields, stepLabels } = await import('./picker-fields');
    const draft: KonnectorDraft = {
      trigger: { id: 'trigger', connector: 'custify', event: 'person_created', input: {} },
      steps: [
        { type: 'code', id: 'calc', name: 'Score', source: 'return { total: 3 }' },
        { type: 'action', id: 'note', connector: 'custify', action: 'create_note', input: {}, onError: 'stop' },
      ],
    };
    // Before: no test run, no Run code → the picker has no section for the code step.
    const before = groupFields(availableFields(draft, 'note', { trigger: { id: 1 }, steps: stepOutputs(null) }), stepLabels(draft));
    expect(before.map((g) => g.label)).toEqual(['Trigger']);
    // After Run code: its output is listed under the step's name.
    const after = groupFields(availableFields(draft, 'note', { trigger: { id: 1 }, steps: stepOutputs(null, { calc: { total: 3 } }) }), stepLabels(draft));
    expect(after.map((g) => g.label)).toEqual(['Trigger', 'Score']);
    expect(after[1]?.fields.map((f) => f.ref)).toEqual(['steps.calc.total']);
  });

  it('bug 1: the newer Run code output wins over the last test run\'s output of the same step', () => {
    const run = { steps: [{ stepId: 'calc', output: { total: 1 } }] } as unknown as TestRunDto;
    expect(stepOutputs(run, { calc: { total: 2 } })).toEqual({ calc: { total: 2 } });
    expect(stepOutputs(run)).toEqual({ calc: { total: 1 } });
  });
});
