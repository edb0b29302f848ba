import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConnector, fieldMeta } from '@konnect/sdk';
import { BEARER, startHarness, type Harness } from './harness.fixture';
import { slack } from './index';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const load = (name: 'channels' | 'users', cursor?: string) => {
  const def = slack.options?.[name];
  if (!def) throw new Error(`no options ${name}`);
  return h.trace(() => def.load({ auth: h.auth, http: h.kit.http, ...(cursor ? { cursor } : {}) }));
};

describe('dynamic options', () => {
  it('channels: public and private ones the app sees, not archived, "#name" with privacy and membership', async () => {
    const { result, requests } = await load('channels');
    expect(requests).toMatchObject([{ httpMethod: 'GET', method: 'conversations.list', query: { types: 'public_channel,private_channel', exclude_archived: 'true', limit: '200' }, authorization: BEARER }]);
    expect(result.nextCursor).toBeUndefined();
    expect(result.items).toEqual([
      { value: 'C0GENERAL1', label: '#general', hint: 'public · member' },
      { value: 'C0CS000001', label: '#cs', hint: 'public · member' },
      { value: 'C0RANDOM01', label: '#random', hint: 'public · app not a member' },
      { value: 'G0LEADS001', label: '#leadership', hint: 'private · member' },
    ]);
  });

  it('channels: pages by cursor until the last page', async () => {
    for (let i = 0; i < 250; i++) h.sim.store.addChannel({ name: `project-${i}` });
    const first = await load('channels');
    expect(first.result.items).toHaveLength(200);
    expect(first.result.nextCursor).toEqual(expect.any(String));
    const second = await load('channels', first.result.nextCursor);
    expect(second.requests[0]?.query.cursor).toBe(first.result.nextCursor);
    expect(second.result.items).toHaveLength(254 - 200);
    expect(second.result.nextCursor).toBeUndefined();
    expect(new Set([...first.result.items, ...second.result.items].map((i) => i.value)).size).toBe(254);
  });

  it('users: people only (no bots, no deactivated), real name with email', async () => {
    const { result, requests } = await load('users');
    expect(requests).toMatchObject([{ method: 'users.list', query: { limit: '200' } }]);
    expect(result.items).toEqual([
      { value: 'U000000001', label: 'Dana Whitfield', hint: 'dana@konnect-demo.io' },
      { value: 'U000000002', label: 'Marc Dubois', hint: 'marc@konnect-demo.io' },
      { value: 'U000000003', label: 'Priya Raman', hint: 'priya@konnect-demo.io' },
      { value: 'U000000004', label: 'Tom Becker', hint: 'tom@konnect-demo.io' },
    ]);
  });

  it('the channel and user fields name their option lists, and the catalogue carries it', () => {
    const send = slack.actions.find((a) => a.key === 'send_channel_message');
    const dm = slack.actions.find((a) => a.key === 'send_direct_message');
    expect(fieldMeta(send?.input.shape.channel as never).dynamicOptions).toBe('channels');
    expect(fieldMeta(dm?.input.shape.user as never).dynamicOptions).toBe('users');
    expect(fieldMeta(slack.triggers[0]?.input.shape.channel as never).dynamicOptions).toBe('channels');
    const entry = describeConnector(slack);
    expect(JSON.stringify(entry.actions.find((a) => a.key === 'update_message')?.input)).toContain('"dynamicOptions":"channels"');
    expect(entry.auth.fields).toMatchObject({ properties: { token: { secret: true } } });
  });
});
