import { describe, expect, it } from 'vitest';
import { KonnectorDefinition, Step } from './definition';
import { StepRecord } from './records';
import { Operator, OPERATORS, operatorInfo } from './operators';

describe('KonnectorDefinition', () => {
  it('parses a nested tree and applies defaults', () => {
    const def = KonnectorDefinition.parse({
      trigger: { id: 'trigger', connector: 'custify', event: 'person_created' },
      steps: [
        { type: 'filter', id: 'f', conditions: { all: [{ left: '{{trigger.age}}', op: 'gt', right: '18' }] } },
        {
          type: 'path',
          id: 'p',
          branches: [{ id: 'b1', name: 'VIP', conditions: { any: [{ all: [{ left: 'x', op: 'exists' }] }] }, steps: [{ type: 'code', id: 'c', source: 'return {}' }] }],
          otherwise: [{ type: 'repeater', id: 'r', items: '{{trigger.items}}', steps: [{ type: 'action', id: 'a', connector: 'x', action: 'y', connectionId: 'k', input: { n: { deep: ['{{loop.item}}', 1, true, null] } } }] }],
        },
      ],
    });
    const path = def.steps[1];
    expect(path?.type).toBe('path');
    if (path?.type !== 'path') return;
    const repeater = path.otherwise?.[0];
    expect(repeater).toMatchObject({ type: 'repeater', maxIterations: 100 });
    if (repeater?.type !== 'repeater') return;
    expect(repeater.steps[0]).toMatchObject({ type: 'action', onError: 'stop' });
    expect(def.trigger.input).toEqual({});
  });

  it('rejects unknown step types, bad ids and out-of-range limits', () => {
    expect(Step.safeParse({ type: 'loop', id: 'x' }).success).toBe(false);
    expect(Step.safeParse({ type: 'code', id: 'has space', source: 'x' }).success).toBe(false);
    expect(Step.safeParse({ type: 'code', id: 'c', source: 'x', timeoutMs: 10_001 }).success).toBe(false);
    expect(Step.safeParse({ type: 'repeater', id: 'r', items: '{{trigger.x}}', steps: [], maxIterations: 1001 }).success).toBe(false);
    expect(Step.safeParse({ type: 'filter', id: 'f', conditions: { all: [], any: [] } }).success).toBe(false);
    expect(Step.safeParse({ type: 'filter', id: 'f', conditions: { all: [{ left: 'a', op: 'nope' }] } }).success).toBe(false);
  });
});

describe('records and operators', () => {
  it('parses a step record', () => {
    const rec = { stepId: 'a', iteration: '3/1', type: 'action', status: 'failed', input: { x: 1 }, output: null, error: { kind: 'server', message: 'boom', stepId: 'a', retryable: true, retryAfterMs: 500 }, logs: ['missing: trigger.x'], attempts: 3, durationMs: 12, startedAt: new Date(0).toISOString() };
    expect(StepRecord.parse(rec)).toEqual(rec);
    expect(StepRecord.safeParse({ ...rec, status: 'weird' }).success).toBe(false);
  });

  it('describes every operator for the builder', () => {
    expect(OPERATORS).toHaveLength(Operator.options.length);
    expect(operatorInfo('between')).toMatchObject({ arity: 2, group: 'number' });
    expect(operatorInfo('is_empty').arity).toBe(0);
    expect(new Set(OPERATORS.map((o) => o.group))).toEqual(new Set(['text', 'number', 'date', 'boolean', 'any', 'list']));
  });
});
