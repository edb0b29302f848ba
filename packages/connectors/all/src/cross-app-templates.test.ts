/**
 * The "Custify → Slack" templates end to end: each is a valid definition with a connection per app,
 * and a test run on a real sample record from the Custify simulator posts to the Slack simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { DEMO_BOT_TOKEN, startSlackSimulator, type SlackSimulator } from '@konnect/slack-sim';
import { connectionHttp, parseAuth, runSample } from '@konnect/sdk';
import { validateDefinition } from '@konnect/schemas';
import { testRun } from '@konnect/engine';
import { CROSS_APP_TEMPLATES, registry, templateConnectors, templateDefinition, TEMPLATES } from './index';

let custifySim: Simulator;
let slackSim: SlackSimulator;
beforeAll(async () => {
  custifySim = await startSimulator({ port: 0, seed: 'demo' });
  slackSim = await startSlackSimulator({ port: 0, seed: 'demo' });
});
afterAll(async () => {
  await custifySim?.close();
  await slackSim?.close();
});

const CONNECTIONS = { custify: 'conn_custify', slack: 'conn_slack' };
const template = (key: string) => CROSS_APP_TEMPLATES.find((t) => t.key === key)!;

function connections() {
  const auths = {
    conn_custify: { connector: registry.connector('custify')!, auth: { apiKey: 'demo-custify-key', baseUrl: custifySim.url } },
    conn_slack: { connector: registry.connector('slack')!, auth: { token: DEMO_BOT_TOKEN, baseUrl: slackSim.apiUrl } },
  };
  return async (connectionId: string) => {
    const found = auths[connectionId as keyof typeof auths];
    if (!found) throw new Error(`unexpected connection ${connectionId}`);
    const auth = parseAuth(found.connector, found.auth);
    return { auth, http: connectionHttp(found.connector, auth) };
  };
}

async function runOnSample(key: string) {
  const t = template(key);
  const custify = registry.connector('custify')!;
  const sample = await runSample({ connector: custify, triggerKey: t.trigger.event, auth: parseAuth(custify, { apiKey: 'demo-custify-key', baseUrl: custifySim.url }), input: {} });
  expect(sample.records.length).toBeGreaterThan(0);
  return testRun({ definition: templateDefinition(t, CONNECTIONS), sampleEvent: { data: sample.records[0]! }, registry, connections: connections() });
}

describe('Custify → Slack templates', () => {
  it('are listed with the others and use both apps', () => {
    expect(TEMPLATES.map((t) => t.key)).toEqual(expect.arrayContaining(CROSS_APP_TEMPLATES.map((t) => t.key)));
    for (const t of CROSS_APP_TEMPLATES) expect(templateConnectors(t)).toEqual(['custify', 'slack']);
  });

  it.each(CROSS_APP_TEMPLATES.map((t) => [t.key, t] as const))('%s is a valid definition with a connection per app', (_key, t) => {
    expect(validateDefinition(templateDefinition(t, CONNECTIONS), registry)).toEqual([]);
    // Without a Slack connection the draft asks for one on each Slack step.
    const missing = validateDefinition(templateDefinition(t, { custify: 'conn_custify' }), registry);
    expect(missing.map((p) => p.code)).toEqual(t.actions.filter((a) => a.connector === 'slack').map(() => 'missing_connection'));
  });

  it('ticket created → a message in #cs with the ticket', async () => {
    const result = await runOnSample('custify-ticket-created-slack-channel');
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    const posted = slackSim.store.history('C0CS000001')[0];
    expect(posted).toMatchObject({ bot_id: 'B0KONNECT1', text: expect.stringMatching(/^:ticket: New ticket \*[^*]+\*: \S/) });
    expect(posted?.text).not.toContain('{{');
  });

  it('person updated with a health drop → a DM to the company owner; a healthy person is filtered out', async () => {
    const company = custifySim.store.insert('companies', { company_id: 'health-co', name: 'Health Co', owners_csm: 'marc@konnect-demo.io' });
    custifySim.store.insert('people', { email: 'ailing@health.example', name: 'Ada Ailing', companies: [company.id], custom_attributes: { health_score: 31 } });
    const result = await runOnSample('custify-person-health-drop-slack-dm');
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([['f1', 'succeeded'], ['a1', 'succeeded'], ['a2', 'succeeded']]);
    const dm = slackSim.store.openIm('U0KONNECT1', 'U000000002').channel.id;
    expect(slackSim.store.history(dm)[0]?.text).toBe(':warning: Health dropped: *Ada Ailing* (ailing@health.example) at Health Co is at 31.');

    // Updated a second later, so it is the newest sample record.
    custifySim.store.insert('people', { email: 'fine@health.example', name: 'Fiona Fine', companies: [company.id], custom_attributes: { health_score: 88 } }, { at: new Date(Date.now() + 1000) });
    const healthy = await runOnSample('custify-person-health-drop-slack-dm');
    expect(healthy.status).toBe('filtered');
  });
});
