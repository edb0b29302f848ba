/** Friction 15: a connection lists every konnector that uses it (active or not), for the page and the delete dialog. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, DEFAULT_API_KEY, type Simulator } from '@konnect/custify-sim';
import { createOwner, testDb } from '@/test/fixtures';
import { custifyConnection } from '@/test/konnectors';
import { call } from '@/test/request';
import { GET } from './route';
import { DELETE, GET as GET_ONE } from './[connectionId]/route';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKeys: [DEFAULT_API_KEY] });
  process.env.CUSTIFY_SIM_URL = sim.url;
});
afterAll(async () => {
  await sim.close();
});

const triggerOn = (connectionId: string) => ({ trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId, input: {} }, steps: [] });
const actionOn = (connectionId: string) => ({
  trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
  steps: [{ id: 'note', type: 'action', connector: 'custify', action: 'create_note', connectionId, input: {} }],
});

interface Conn {
  id: string;
  usedBy: string[];
  konnectors: { id: string; name: string; status: string }[];
}

describe('connections: the konnectors that use each one', () => {
  it('lists active ones first, then inactive ones, in the list and the detail; others\' konnectors never', async () => {
    const { user, workspaceId } = await createOwner();
    const used = await custifyConnection(user, workspaceId, sim.url, 'Used');
    const unused = await custifyConnection(user, workspaceId, sim.url, 'Unused');
    const db = testDb();
    const off = await db.konnector.create({ data: { workspaceId, name: 'Alpha (off)', draft: actionOn(used) } });
    const on = await db.konnector.create({ data: { workspaceId, name: 'Zulu (on)', status: 'active', draft: triggerOn(used) } });
    // Another workspace's konnector naming the same id (a copied export) is not listed.
    const other = await createOwner('other');
    await db.konnector.create({ data: { workspaceId: other.workspaceId, name: 'Theirs', draft: triggerOn(used) } });

    const list = await call(GET, 'GET', '/c', { as: { user }, params: { workspaceId } });
    expect(list.status).toBe(200);
    const byId = new Map((list.json as Conn[]).map((c) => [c.id, c]));
    expect(byId.get(used)?.konnectors).toEqual([
      { id: on.id, name: 'Zulu (on)', status: 'active' },
      { id: off.id, name: 'Alpha (off)', status: 'inactive' },
    ]);
    expect(byId.get(used)?.usedBy).toEqual(['Zulu (on)']);
    expect(byId.get(unused)?.konnectors).toEqual([]);

    const one = await call(GET_ONE, 'GET', '/c', { as: { user }, params: { workspaceId, connectionId: used } });
    expect((one.json as Conn).konnectors.map((k) => k.name)).toEqual(['Zulu (on)', 'Alpha (off)']);
    expect(one.text).not.toContain('Theirs');

    // Deleting is refused while an active konnector uses it, naming it; once it is off, it goes.
    const refused = await call(DELETE, 'DELETE', '/c', { as: { user }, params: { workspaceId, connectionId: used } });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Zulu (on)');
    await db.konnector.update({ where: { id: on.id }, data: { status: 'inactive' } });
    const deleted = await call(DELETE, 'DELETE', '/c', { as: { user }, params: { workspaceId, connectionId: used } });
    expect(deleted.status).toBe(204);
  });
});
