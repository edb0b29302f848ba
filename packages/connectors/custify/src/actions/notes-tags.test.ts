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

describe('Note actions', () => {
  it('create_note: POST /note { entity, entityModel, subject, text }', async () => {
    const input = { entity: companyId, entityModel: 'Company', subject: 'Kickoff', text: '<p>Went well</p>' };
    const { result, requests } = await h.trace(() => h.kit.runAction('create_note', input));
    expect(requests).toMatchObject([{ method: 'POST', path: '/note', body: input, status: 200 }]);
    expect(result).toMatchObject({ ...input, id: expect.stringMatching(HEX24) });
  });

  it('create_note: an unknown entityModel is rejected naming the field', async () => {
    await expect(
      h.kit.runAction('create_note', { entity: companyId, entityModel: 'Account', subject: 's', text: 't' }),
    ).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('entityModel') });
  });

  it('update_note: POST /note/{id} with only the changed fields', async () => {
    const note = h.sim.store.insert('notes', { entity: personId, entityModel: 'People', subject: 'Old', text: 'Body' });
    const { result, requests } = await h.trace(() => h.kit.runAction('update_note', { id: note.id, subject: 'New' }));
    expect(requests).toMatchObject([{ method: 'POST', path: `/note/${note.id}`, body: { subject: 'New' } }]);
    expect(requests[0]?.body).toEqual({ subject: 'New' });
    expect(result).toMatchObject({ id: note.id, subject: 'New', text: 'Body' });
  });

  it('upsert_note: creates without id, updates with id; a create needs the entity', async () => {
    const created = await h.trace(() =>
      h.kit.runAction('upsert_note', { entity: personId, entityModel: 'People', subject: 'A', text: 'one' }),
    );
    expect(created.requests).toMatchObject([
      { method: 'POST', path: '/note', body: { entity: personId, entityModel: 'People', subject: 'A', text: 'one' } },
    ]);
    const id = String(created.result.id);
    const updated = await h.trace(() => h.kit.runAction('upsert_note', { id, subject: 'B', text: 'two' }));
    expect(updated.requests).toMatchObject([{ method: 'POST', path: `/note/${id}`, body: { subject: 'B', text: 'two' } }]);
    expect(updated.result).toMatchObject({ id, subject: 'B', text: 'two', entity: personId });
    await expect(h.kit.runAction('upsert_note', { subject: 'C', text: 'x' })).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('entity'),
    });
  });
});

describe('Tag actions', () => {
  it('create_tag: POST /tag; a duplicate name in the category fails with the API message', async () => {
    const input = { name: 'champion', category: 'people', color: '#00aa00' };
    const { result, requests } = await h.trace(() => h.kit.runAction('create_tag', input));
    expect(requests).toMatchObject([{ method: 'POST', path: '/tag', body: input }]);
    expect(result).toMatchObject({ ...input, id: expect.stringMatching(HEX24) });
    await expect(h.kit.runAction('create_tag', input)).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('already exists'),
    });
  });

  it('update_tag: POST /tag/{id}; renaming renames it on tagged people', async () => {
    const tag = h.sim.store.insert('tags', { name: 'beta', category: 'people' });
    const p = h.sim.store.insert('people', { email: 'beta@example.com', tags: ['beta'] });
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('update_tag', { id: tag.id, name: 'beta-tester', description: 'Beta program' }),
    );
    expect(requests).toMatchObject([
      { method: 'POST', path: `/tag/${tag.id}`, body: { name: 'beta-tester', description: 'Beta program' } },
    ]);
    expect(result).toMatchObject({ id: tag.id, name: 'beta-tester' });
    expect(h.sim.store.get('people', p.id)?.tags).toEqual(['beta-tester']);
  });

  it('upsert_tag: with an id it updates that tag; otherwise it creates a new one (as the page says)', async () => {
    const existing = h.sim.store.insert('tags', { name: 'at-risk', category: 'company' });
    const created = await h.trace(() => h.kit.runAction('upsert_tag', { name: 'at-risk', category: 'people' }));
    expect(created.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /tag']);
    expect(created.result).toMatchObject({ name: 'at-risk', category: 'people' });
    const byId = await h.trace(() =>
      h.kit.runAction('upsert_tag', { id: existing.id, name: 'at-risk!', category: 'company' }),
    );
    expect(byId.requests).toMatchObject([{ method: 'POST', path: `/tag/${existing.id}` }]);
  });

  it('delete_tag: DELETE /tag/{id}, and the tag leaves every person carrying it', async () => {
    const tag = h.sim.store.insert('tags', { name: 'gone', category: 'people' });
    const p = h.sim.store.insert('people', { email: 'gone@example.com', tags: ['gone', 'kept'] });
    const { result, requests } = await h.trace(() => h.kit.runAction('delete_tag', { id: tag.id }));
    expect(requests).toMatchObject([{ method: 'DELETE', path: `/tag/${tag.id}` }]);
    expect(result).toMatchObject({ deleted: 1 });
    expect(h.sim.store.get('people', p.id)?.tags).toEqual(['kept']);
    await expect(h.kit.runAction('delete_tag', { id: tag.id })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(h.kit.runAction('delete_tag', { id: tag.id, succeed_if_already_deleted: true })).resolves.toMatchObject({ deleted: 0 });
  });

  it('add_remove_entity_tag: PATCH /tag/entity for companies', async () => {
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('add_remove_entity_tag', { category: 'company', ids: [companyId], tag: 'enterprise', type: 'add' }),
    );
    expect(requests).toMatchObject([
      {
        method: 'PATCH',
        path: '/tag/entity',
        body: { ids: [companyId], type: 'add', category: 'company', tag: 'enterprise' },
      },
    ]);
    expect(result).toEqual({ updated: 1 });
    expect(h.sim.store.get('companies', companyId)?.tags).toContain('enterprise');
    await expect(
      h.kit.runAction('add_remove_entity_tag', { category: 'company', ids: 'not-an-id', tag: 'x', type: 'add' }),
    ).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('ids') });
  });
});
