import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DelayStep, isTimeZone } from './definition';
import { DraftDefinition } from './draft';
import { validateDefinition } from './validate';
import type { DefinitionRegistry } from './validate-registry';

const registry: DefinitionRegistry = {
  connector: (key) => (key === 'crm' ? { auth: { kind: 'none' } } : undefined),
  trigger: (c, key) => (c === 'crm' && key === 'created' ? { input: z.object({}) } : undefined),
  action: () => undefined,
};
const trigger = { id: 'trigger', connector: 'crm', event: 'created', input: {} };
const problemsOf = (step: Record<string, unknown>) => validateDefinition({ trigger, steps: [{ type: 'delay', id: 'd', ...step }] }, registry);

describe('Delay step schema', () => {
  it('accepts "for" 1 minute – 30 days and "until" a template in a time zone', () => {
    expect(problemsOf({ mode: 'for', amount: 1, unit: 'minutes' })).toEqual([]);
    expect(problemsOf({ mode: 'for', amount: 30, unit: 'days' })).toEqual([]);
    expect(problemsOf({ mode: 'for', amount: 720, unit: 'hours' })).toEqual([]);
    expect(problemsOf({ mode: 'until', at: '{{trigger.due}}', timezone: 'Europe/Paris' })).toEqual([]);
    expect(DelayStep.parse({ type: 'delay', id: 'd', amount: 2, unit: 'hours' }).mode).toBe('for');
  });

  it('refuses what is out of range or missing, naming the field', () => {
    expect(problemsOf({ mode: 'for', amount: 31, unit: 'days' })).toContainEqual(expect.objectContaining({ stepId: 'd', path: ['amount'], message: expect.stringContaining('Amount is at most 30 days') }));
    expect(problemsOf({ mode: 'for', amount: 721, unit: 'hours' })).toContainEqual(expect.objectContaining({ path: ['amount'], message: expect.stringContaining('at most 720 hours') }));
    expect(problemsOf({ mode: 'for', amount: 0, unit: 'minutes' })).toContainEqual(expect.objectContaining({ path: ['amount'] }));
    expect(problemsOf({ mode: 'for', amount: 1.5, unit: 'minutes' })).toContainEqual(expect.objectContaining({ path: ['amount'] }));
    expect(problemsOf({ mode: 'for', unit: 'minutes' })).toContainEqual(expect.objectContaining({ path: ['amount'], message: expect.stringContaining('Amount is required') }));
    expect(problemsOf({ mode: 'for', amount: 2 })).toContainEqual(expect.objectContaining({ path: ['unit'], message: expect.stringContaining('Unit is required') }));
    expect(problemsOf({ mode: 'until' })).toContainEqual(expect.objectContaining({ path: ['at'], message: expect.stringContaining('Until is required') }));
    expect(problemsOf({ mode: 'until', at: '{{trigger.due}}', timezone: 'Mars/Olympus' })).toContainEqual(
      expect.objectContaining({ path: ['timezone'], message: expect.stringContaining('"Mars/Olympus" is not a known IANA time zone') }),
    );
  });

  it('checks the references in "until" like any template', () => {
    expect(problemsOf({ mode: 'until', at: '{{steps.later.x}}' })).toContainEqual(expect.objectContaining({ stepId: 'd', path: ['at'], code: 'unknown_step' }));
  });

  it('is a draft step too', () => {
    expect(DraftDefinition.safeParse({ trigger, steps: [{ type: 'delay', id: 'd', mode: 'for', amount: 1, unit: 'hours' }] }).success).toBe(true);
  });

  it('knows IANA zones', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Nowhere/Town')).toBe(false);
  });
});
