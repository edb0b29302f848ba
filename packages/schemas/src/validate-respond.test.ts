import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DraftDefinition } from './draft';
import { validateDefinition } from './validate';
import type { DefinitionRegistry } from './validate-registry';

const registry: DefinitionRegistry = {
  connector: (key) => (key === 'catch_hook' || key === 'scheduler' ? { auth: { kind: 'none' } } : undefined),
  trigger: (c, key) => (c === 'catch_hook' && key === 'catch_hook' ? { input: z.object({}), kind: 'webhook' } : c === 'scheduler' && key === 'every' ? { input: z.object({}), kind: 'schedule' } : undefined),
  action: () => undefined,
};

const hook = (respond?: unknown) => ({ id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {}, ...(respond === undefined ? {} : { respond }) });
const respond = (id: string, extra: Record<string, unknown> = {}) => ({ type: 'respond', id, ...extra });
const codes = (definition: unknown) => validateDefinition(definition, registry).map((p) => `${p.stepId}:${p.path.join('.')}:${p.code}`);
const branch = (id: string, steps: unknown[]) => ({ id, name: id, conditions: { all: [{ left: '{{trigger.a}}', op: 'exists' }] }, steps });

describe('Respond to Hook: validation', () => {
  it('accepts a Catch Hook with respond on and one Respond step, applying the defaults', () => {
    const definition = { trigger: hook({}), steps: [respond('answer')] };
    expect(codes(definition)).toEqual([]);
    const parsed = DraftDefinition.parse(definition);
    expect(parsed.trigger.respond).toEqual({ timeoutSeconds: 30 });
    expect(parsed.steps[0]).toMatchObject({ type: 'respond', status: 200, headers: {}, body: { kind: 'json', value: {} } });
  });

  it('refuses a Respond step when the trigger does not respond from the konnector, naming the step', () => {
    const problems = validateDefinition({ trigger: hook(), steps: [respond('answer')] }, registry);
    expect(problems).toEqual([expect.objectContaining({ stepId: 'answer', code: 'respond_without_hook', message: expect.stringContaining('Respond from the konnector') })]);
  });

  it('refuses the respond option on a trigger that is not a Catch Hook', () => {
    const definition = { trigger: { id: 'trigger', connector: 'scheduler', event: 'every', input: {}, respond: {} }, steps: [respond('answer')] };
    expect(codes(definition)).toEqual(['trigger:respond:respond_not_webhook', 'answer::respond_without_hook']);
  });

  it('refuses timeouts outside 1–120 s with the field path and the limit', () => {
    const problems = validateDefinition({ trigger: hook({ timeoutSeconds: 121 }), steps: [] }, registry);
    expect(problems).toEqual([expect.objectContaining({ stepId: 'trigger', path: ['respond', 'timeoutSeconds'], message: expect.stringContaining('at most 120') })]);
    expect(validateDefinition({ trigger: hook({ timeoutSeconds: 0 }), steps: [] }, registry)[0]?.message).toContain('at least 1');
  });

  it('refuses two answers on one path, but not one per branch', () => {
    expect(codes({ trigger: hook({}), steps: [respond('a'), respond('b')] })).toEqual(['b::respond_twice']);
    expect(codes({ trigger: hook({}), steps: [respond('a'), { type: 'path', id: 'p', branches: [branch('x', [respond('b')])] }] })).toEqual(['b::respond_twice']);
    expect(codes({ trigger: hook({}), steps: [{ type: 'path', id: 'p', branches: [branch('x', [respond('a')]), branch('y', [respond('b')])], otherwise: [respond('c')] }] })).toEqual([]);
    expect(codes({ trigger: hook({}), steps: [{ type: 'path', id: 'p', branches: [branch('x', [respond('a')])] }, respond('b')] })).toEqual(['b::respond_twice']);
  });

  it('refuses a Respond inside a repeater', () => {
    expect(codes({ trigger: hook({}), steps: [{ type: 'repeater', id: 'r', items: '{{trigger.items}}', steps: [respond('a')] }] })).toContain('a::respond_in_repeater');
  });

  it('refuses hop-by-hop, Set-Cookie and security headers, saying why; bad statuses and header names', () => {
    const problems = validateDefinition(
      { trigger: hook({}), steps: [respond('a', { status: 100, headers: { 'Set-Cookie': 'x=1', Connection: 'close', 'Strict-Transport-Security': 'max-age=0', 'bad name': 'x', 'X-Ok': '{{trigger.a}}' } })] },
      registry,
    );
    const byPath = Object.fromEntries(problems.map((p) => [p.path.join('.'), p.message]));
    expect(byPath['headers.Set-Cookie']).toContain("set a cookie on Konnect's domain");
    expect(byPath['headers.Connection']).toContain('hop-by-hop');
    expect(byPath['headers.Strict-Transport-Security']).toContain('security header');
    expect(byPath['headers.bad name']).toContain('is not a header name');
    expect(byPath.status).toContain('200–599');
    expect(byPath['headers.X-Ok']).toBeUndefined();
  });

  it('checks the references in the body and headers', () => {
    const problems = validateDefinition({ trigger: hook({}), steps: [respond('a', { body: { kind: 'json', value: { n: '{{steps.later.x}}' } } }), { type: 'code', id: 'later', source: 'return {}' }] }, registry);
    expect(problems).toEqual([expect.objectContaining({ stepId: 'a', path: ['body', 'value', 'n'], code: 'reference_out_of_scope' })]);
  });
});
