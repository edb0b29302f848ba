import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../harness.fixture';
import { HEX24, startHarness } from '../harness.fixture';

let h: Harness;
let companyId: string;
let personId: string;
beforeAll(async () => {
  h = await startHarness();
  ({ companyId, personId } = h.seedEntities());
});
afterAll(() => h.close());

describe('Ticket actions', () => {
  it('create_ticket: POST /ticket; a second one with the same externalId is refused', async () => {
    const input = { externalId: 'ZD-1', entity: companyId, entityModel: 'Company', subject: 'Login broken', status: 'open' };
    const { result, requests } = await h.trace(() => h.kit.runAction('create_ticket', input));
    expect(requests).toMatchObject([{ method: 'POST', path: '/ticket', body: input, status: 200 }]);
    expect(result).toMatchObject({ ...input, id: expect.stringMatching(HEX24), replies: [] });
    await expect(h.kit.runAction('create_ticket', input)).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('externalId'),
    });
  });

  it('update_ticket: PATCH /ticket/external/{externalId}, only the given fields change', async () => {
    h.sim.store.insert('tickets', { externalId: 'ZD 2/b', entity: companyId, entityModel: 'Company', subject: 'Keep', body: 'x' });
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('update_ticket', { externalId: 'ZD 2/b', status: 'solved' }),
    );
    expect(requests).toMatchObject([{ method: 'PATCH', path: '/ticket/external/ZD%202%2Fb', body: { status: 'solved' } }]);
    expect(requests[0]?.body).toEqual({ status: 'solved' });
    expect(result).toMatchObject({ externalId: 'ZD 2/b', status: 'solved', subject: 'Keep', body: 'x' });
  });

  it('reply_to_ticket: POST /ticket/external/{externalId}/reply appends a reply', async () => {
    h.sim.store.insert('tickets', { externalId: 'ZD-3', entity: personId, entityModel: 'People', subject: 'Q' });
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('reply_to_ticket', { externalId: 'ZD-3', body: 'On it', author: 'csm@example.com' }),
    );
    expect(requests).toMatchObject([
      { method: 'POST', path: '/ticket/external/ZD-3/reply', body: { body: 'On it', author: 'csm@example.com' } },
    ]);
    expect(result).toMatchObject({ externalId: 'ZD-3', replies: [{ body: 'On it', author: 'csm@example.com' }] });
  });

  it('delete_ticket: DELETE /ticket/external/{externalId}; repeating → not_found', async () => {
    h.sim.store.insert('tickets', { externalId: 'ZD-4', entity: personId, entityModel: 'People' });
    const { result, requests } = await h.trace(() => h.kit.runAction('delete_ticket', { externalId: 'ZD-4' }));
    expect(requests).toMatchObject([{ method: 'DELETE', path: '/ticket/external/ZD-4' }]);
    expect(result).toMatchObject({ deleted: 1 });
    await expect(h.kit.runAction('delete_ticket', { externalId: 'ZD-4' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('update_ticket: an unknown externalId fails as not_found', async () => {
    await expect(h.kit.runAction('update_ticket', { externalId: 'nope', status: 'x' })).rejects.toMatchObject({
      kind: 'not_found',
      status: 404,
    });
  });
});

describe('Task actions', () => {
  it('create_task: POST /task with the given fields', async () => {
    const input = {
      name: 'Call back',
      entity: personId,
      entityModel: 'People',
      priority: 'high',
      status: 'open',
      dueDate: '2027-03-01T09:00:00.000Z',
      assignedTo: 'csm@example.com',
    };
    const { result, requests } = await h.trace(() => h.kit.runAction('create_task', input));
    // The owner goes as `people` (or `company`), the body Custify's own client sends.
    const { entity: _entity, entityModel: _model, ...fields } = input;
    expect(requests[0]?.body).toEqual({ ...fields, people: personId });
    expect(result).toMatchObject({ ...input, id: expect.stringMatching(HEX24) });
  });

  it('create_task: a status outside the enum is rejected naming the field', async () => {
    await expect(
      h.kit.runAction('create_task', { name: 'x', entity: personId, entityModel: 'People', status: 'closed' }),
    ).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('status') });
  });

  it('update_task: PUT /task/{id} with only the changed fields', async () => {
    const task = h.sim.store.insert('tasks', { name: 'Review', entity: companyId, entityModel: 'Company' });
    const { result, requests } = await h.trace(() => h.kit.runAction('update_task', { id: task.id, status: 'done' }));
    expect(requests).toMatchObject([{ method: 'PUT', path: `/task/${task.id}`, body: { status: 'done' } }]);
    expect(requests[0]?.body).toEqual({ status: 'done' });
    expect(result).toMatchObject({ id: task.id, name: 'Review', status: 'done', completedAt: expect.any(String) });
  });
});

describe('Comment actions', () => {
  it('create_comment: POST /comment/{entityModel}/{entity} { text }', async () => {
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('create_comment', { entityModel: 'Company', entity: companyId, text: 'Renewal soon' }),
    );
    expect(requests).toMatchObject([{ method: 'POST', path: `/comment/Company/${companyId}`, body: { text: 'Renewal soon' } }]);
    expect(result).toMatchObject({ id: expect.stringMatching(HEX24), entity: companyId, text: 'Renewal soon' });
  });

  it('update_comment: same path with the comment id in the body', async () => {
    const c = h.sim.store.insert('comments', { entity: personId, entityModel: 'People', text: 'old' });
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('update_comment', { entityModel: 'People', entity: personId, id: c.id, text: 'new' }),
    );
    expect(requests).toMatchObject([{ method: 'POST', path: `/comment/People/${personId}`, body: { id: c.id, text: 'new' } }]);
    expect(result).toMatchObject({ id: c.id, text: 'new' });
  });

  it('upsert_comment: creates without id, updates with id', async () => {
    const created = await h.trace(() =>
      h.kit.runAction('upsert_comment', { entityModel: 'People', entity: personId, text: 'first' }),
    );
    expect(created.requests[0]?.body).toEqual({ text: 'first' });
    const id = String(created.result.id);
    const updated = await h.trace(() =>
      h.kit.runAction('upsert_comment', { entityModel: 'People', entity: personId, id, text: 'second' }),
    );
    expect(updated.requests).toMatchObject([{ method: 'POST', path: `/comment/People/${personId}`, body: { id, text: 'second' } }]);
    expect(updated.result).toMatchObject({ id, text: 'second' });
    expect(h.sim.store.list('comments').filter((c) => c.entity === personId && c.text === 'second')).toHaveLength(1);
  });
});
