import { describe, expect, it } from 'vitest';
import type { Company, Note, Person, Tag } from './records-core';
import { call, useSimulator } from './testing';

const sim = useSimulator({ seed: 'demo' });

describe('notes', () => {
  it('creates, updates and lists notes', async () => {
    const company = sim().store.list('companies')[0] as Company;
    const created = await call<Note>(sim(), 'POST', '/note', {
      body: { entity: company.id, entityModel: 'Company', subject: 'Hello', text: '<p>Hi</p>' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ entity: company.id, entityModel: 'Company', subject: 'Hello', text: '<p>Hi</p>' });
    const updated = await call<Note>(sim(), 'POST', `/note/${created.body.id}`, { body: { text: '<p>Bye</p>' } });
    expect(updated.body).toMatchObject({ id: created.body.id, subject: 'Hello', text: '<p>Bye</p>' });
    const list = await call<{ notes: Note[]; total: number }>(sim(), 'GET', '/note');
    expect(list.body.notes[0]?.id).toBe(created.body.id);
    expect(list.body.total).toBe(7);
    expect((await call(sim(), 'POST', `/note/${'1'.repeat(24)}`, { body: { text: 'x' } })).status).toBe(404);
  });

  it('validates entity, entityModel and text (422 naming the field)', async () => {
    const res = await call<{ errors: string[] }>(sim(), 'POST', '/note', { body: { entity: 'x', entityModel: 'Account' } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.split(/[: ]/)[0])).toEqual(['entity', 'entityModel', 'text']);
    const missing = await call<{ errors: string[] }>(sim(), 'POST', '/note', {
      body: { entity: 'a'.repeat(24), entityModel: 'People', text: 'x' },
    });
    expect(missing.body.errors[0]).toMatch(/^entity does not match any People/);
  });
});

describe('tags', () => {
  it('creates a tag, refuses a duplicate name in the same category, allows it in the other', async () => {
    const tag = await call<Tag>(sim(), 'POST', '/tag', { body: { name: 'VIP', category: 'people', color: '#000' } });
    expect(tag.body).toMatchObject({ name: 'VIP', category: 'people', color: '#000', description: '' });
    const dup = await call(sim(), 'POST', '/tag', { body: { name: 'VIP', category: 'people' } });
    expect(dup.status).toBe(422);
    expect(dup.body).toEqual({ errors: ['name VIP already exists in category people'] });
    expect((await call(sim(), 'POST', '/tag', { body: { name: 'VIP', category: 'company' } })).status).toBe(200);
    const list = await call<{ tags: Tag[]; total: number }>(sim(), 'GET', `/tag?filters=${encodeURIComponent('{"category":"people"}')}`);
    expect(list.body.tags.every((t) => t.category === 'people')).toBe(true);
  });

  it('adds and removes a tag on entities, renames it everywhere, and deletes it from everyone', async () => {
    const people = sim().store.list('people').slice(0, 2) as Person[];
    const ids = people.map((p) => p.id);
    const added = await call(sim(), 'PATCH', '/tag/entity', { body: { ids, type: 'add', category: 'people', tag: 'Beta' } });
    expect(added.body).toEqual({ updated: 2 });
    expect(sim().store.get('people', ids[0] ?? '')?.tags).toContain('Beta');
    const tag = sim().store.find('tags', (t) => t.name === 'Beta') as Tag;
    expect(tag.category).toBe('people');

    const renamed = await call<Tag>(sim(), 'POST', `/tag/${tag.id}`, { body: { name: 'Beta testers' } });
    expect(renamed.body.name).toBe('Beta testers');
    expect(sim().store.get('people', ids[1] ?? '')?.tags).toContain('Beta testers');

    const removed = await call(sim(), 'PATCH', '/tag/entity', { body: { ids: [ids[0]], type: 'remove', category: 'people', tag: tag.id } });
    expect(removed.body).toEqual({ updated: 1 });
    expect(sim().store.get('people', ids[0] ?? '')?.tags).not.toContain('Beta testers');

    expect((await call(sim(), 'DELETE', `/tag/${tag.id}`)).body).toEqual({ deleted: 1 });
    expect(sim().store.get('people', ids[1] ?? '')?.tags).not.toContain('Beta testers');
    expect((await call(sim(), 'DELETE', `/tag/${tag.id}`)).status).toBe(404);
    const bad = await call<{ errors: string[] }>(sim(), 'PATCH', '/tag/entity', { body: { ids: [], type: 'toggle', category: 'people' } });
    expect(bad.body.errors.map((e) => e.split(/[: ]/)[0])).toEqual(['ids', 'type', 'tag']);
  });
});
