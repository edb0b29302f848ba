import { describe, expect, it } from 'vitest';
import { createUser } from '@/test/fixtures';
import { call } from '@/test/request';
import { GET } from './route';

type Entry = { key: string; name: string; category: string; auth: { kind: string; fields: { properties?: Record<string, { secret?: boolean; label?: string }> } }; triggers: unknown[]; actions: unknown[] };

describe('GET /api/v1/catalogue', () => {
  it('describes every connector to a signed-in user, secrets marked in the auth schema', async () => {
    const user = await createUser();
    const res = await call(GET, 'GET', '/api/v1/catalogue', { as: { user } });
    expect(res.status).toBe(200);
    const entries = res.json as Entry[];
    const custify = entries.find((e) => e.key === 'custify');
    expect(custify).toMatchObject({ name: 'Custify', category: 'app', auth: { kind: 'apiKey' } });
    expect(custify?.auth.fields.properties?.apiKey).toMatchObject({ secret: true, label: 'API Key' });
    expect(custify?.triggers.length).toBeGreaterThan(0);
    expect(custify?.actions.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
  });

  it('401s without a session', async () => {
    expect((await call(GET, 'GET', '/api/v1/catalogue')).status).toBe(401);
  });
});
