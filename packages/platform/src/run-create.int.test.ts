import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { createRegistry } from '@konnect/sdk';
import { insertRuns } from './run-create';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

const registry = createRegistry([catchHookConnector]);
let t: TestPlatform;
let workspaceId: string;

beforeAll(async () => {
  t = await testPlatform('run-create', registry);
  workspaceId = await createWorkspace(t.db);
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
});

describe('runs created by one poll (issue 17)', () => {
  it('bug 5: the event log order (createdAt, id; newest first) lists the runs of one poll newest first, every time', async () => {
    const konnectorId = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] });
    const version = await t.db.konnectorVersion.create({ data: { konnectorId, number: 1, definition: {} } });
    const owner = { workspaceId, konnectorId, versionId: version.id };
    // Several polls' worth of records, each poll's records oldest first (as a poll hands them over).
    const keys = Array.from({ length: 40 }, (_, i) => `record-${String(i).padStart(2, '0')}`);
    for (let i = 0; i < keys.length; i += 20) await insertRuns(t.db, owner, keys.slice(i, i + 20).map((key) => ({ key, data: { key } })));
    const rows = await t.db.run.findMany({ where: { konnectorId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { eventKey: true, createdAt: true } });
    expect(rows.map((r) => r.eventKey)).toEqual([...keys].reverse());
    // The bug's condition holds: runs of one poll share their (millisecond) timestamp.
    expect(new Set(rows.map((r) => r.createdAt.getTime())).size).toBeLessThan(rows.length);
  });
});
