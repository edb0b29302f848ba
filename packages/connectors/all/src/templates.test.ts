/**
 * The four Custify templates end to end: each becomes a valid konnector definition, and a test
 * run on a real sample record from the simulator (over HTTP) succeeds at every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { connectionHttp, parseAuth, runSample } from '@konnect/sdk';
import { validateDefinition } from '@konnect/schemas';
import { testRun } from '@konnect/engine';
import { CUSTIFY_TEMPLATES, registry, templateDefinition } from './index';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo' });
});
afterAll(async () => {
  await sim?.close();
});

const custify = () => registry.connector('custify')!;
const auth = () => parseAuth(custify(), { apiKey: 'demo-custify-key', baseUrl: sim.url });

describe('Custify templates', () => {
  it.each(CUSTIFY_TEMPLATES.map((t) => [t.key, t] as const))('%s is a valid definition', (_key, template) => {
    expect(validateDefinition(templateDefinition(template, 'conn_1'), registry)).toEqual([]);
  });

  it.each(CUSTIFY_TEMPLATES.map((t) => [t.key, t] as const))('%s test-runs on a real sample record', async (_key, template) => {
    const sample = await runSample({ connector: custify(), triggerKey: template.trigger.event, auth: auth(), input: {} });
    expect(sample.records.length).toBeGreaterThan(0);
    const before = sim.requests.length;
    const result = await testRun({
      definition: templateDefinition(template, 'conn_1'),
      sampleEvent: { data: sample.records[0]! },
      registry,
      connections: async (connectionId) => {
        expect(connectionId).toBe('conn_1');
        return { auth: auth(), http: connectionHttp(custify(), auth()) };
      },
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(result.steps.filter((s) => s.status === 'succeeded').map((s) => s.stepId)).toEqual(template.actions.map((_, i) => `a${i + 1}`));
    // Every action really went out to the simulator.
    expect(sim.requests.length - before).toBeGreaterThanOrEqual(template.actions.length);
  });
});
