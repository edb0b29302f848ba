import { describe, expect, it } from 'vitest';
import type { StepRecordLike } from './tree';
import { ERROR_BRANCH_ID, stepTree } from './tree';
import { openApiDocument } from '../openapi/document';

const definition = {
  trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
  steps: [
    {
      type: 'action',
      id: 'create',
      name: 'Create task',
      connector: 'http',
      action: 'request',
      input: { method: 'POST', url: 'https://example.com' },
      onError: 'branch',
      errorSteps: [{ type: 'fail', id: 'stop', message: 'Gave up: {{error.message}}' }],
    },
    { type: 'fail', id: 'never', message: 'x' },
  ],
};

const record = (stepId: string, type: string, status: StepRecordLike['status'], error?: StepRecordLike['error']): StepRecordLike => ({
  stepId,
  iteration: '',
  type,
  status,
  input: null,
  output: null,
  ...(error ? { error } : {}),
  logs: [],
  attempts: 1,
  durationMs: 1,
  startedAt: '2026-12-07T12:00:00.000Z',
});

describe('event log tree with an error branch', () => {
  it('nests the branch steps under the failed action, marked as ran, with the Fail run message', () => {
    const { tree, steps } = stepTree(definition, [
      record('create', 'action', 'failed', { kind: 'server', message: 'HTTP 500', stepId: 'create', retryable: true }),
      record('stop', 'fail', 'failed', { kind: 'failed_by_step', message: 'Gave up: HTTP 500', stepId: 'stop', retryable: false }),
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ stepId: 'create', name: 'Create task', branches: [{ id: ERROR_BRANCH_ID, name: 'On error', taken: true, steps: [{ stepId: 'stop', type: 'fail', name: 'Fail run', step: 1 }] }] });
    expect(steps[1]?.error?.message).toBe('Gave up: HTTP 500');
  });

  it('shows no branch when the action succeeded', () => {
    const { tree } = stepTree(definition, [record('create', 'action', 'succeeded')]);
    expect(tree).toEqual([{ stepId: 'create', type: 'action', name: 'Create task', step: 0 }]);
  });
});

describe('OpenAPI document', () => {
  it('describes the Fail run step and the error branch of an action', () => {
    const text = JSON.stringify(openApiDocument());
    expect(text).toContain('"errorSteps"');
    expect(text).toContain('"const":"fail"');
    expect(text).toContain('"branch"');
  });
});
