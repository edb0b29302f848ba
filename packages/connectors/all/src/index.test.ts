import { describe, expect, it } from 'vitest';
import { catalogue, CUSTIFY_TEMPLATES, registry } from './index';

describe('connector registry', () => {
  it('holds Custify and Slack with every trigger and action, and the built-in tools', () => {
    expect(registry.connectors().map((c) => c.key).sort()).toEqual(['catch_hook', 'custify', 'email', 'formatter', 'http', 'konnect_mail', 'scheduler', 'slack', 'storage', 'subkonnector', 'web_api']);
    const custify = registry.connector('custify');
    expect(custify?.triggers).toHaveLength(24);
    expect(custify?.actions).toHaveLength(49);
    expect(registry.trigger('custify', 'person_created')?.kind).toBe('polling');
    expect(registry.trigger('catch_hook', 'catch_hook')?.kind).toBe('webhook');
    expect(registry.trigger('subkonnector', 'called')?.kind).toBe('call');
    expect(registry.action('custify', 'no_such_action')).toBeUndefined();
    expect(registry.connector('slack')?.actions.map((a) => a.key)).toEqual(['send_channel_message', 'send_direct_message', 'update_message', 'add_reaction', 'find_user_by_email']);
    expect(registry.trigger('slack', 'new_message')?.kind).toBe('polling');
  });

  it('describes every connector as JSON the UI renders forms from', () => {
    const entries = catalogue();
    const json = JSON.parse(JSON.stringify(entries)) as typeof entries;
    expect(json).toHaveLength(11);
    for (const entry of json) {
      for (const action of entry.actions) {
        expect(action.input, `${entry.key}.${action.key}`).toMatchObject({ type: 'object' });
      }
    }
    const apps = json.filter((e) => e.category === 'app').map((e) => e.key);
    expect(apps).toEqual(['custify', 'slack']);
  });

  it('ships the four popular Custify automations, each naming real triggers and actions', () => {
    expect(CUSTIFY_TEMPLATES).toHaveLength(4);
    for (const t of CUSTIFY_TEMPLATES) {
      expect(registry.trigger(t.trigger.connector, t.trigger.event), t.key).toBeDefined();
      for (const a of t.actions) expect(registry.action(a.connector, a.action), `${t.key}: ${a.action}`).toBeDefined();
    }
  });
});
