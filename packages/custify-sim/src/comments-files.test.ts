import { describe, expect, it } from 'vitest';
import type { Comment, Company, SimFile } from './records-core';
import { call, useSimulator } from './testing';

const sim = useSimulator({ seed: 'demo' });

/** Every byte value, plus sequences that look like multipart syntax. */
const BINARY = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from('\r\n--not-the-boundary\r\n\r\n--'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)),
]);

describe('comments', () => {
  it('creates, updates by id and lists comments of an entity', async () => {
    const company = sim().store.list('companies')[1] as Company;
    const path = `/comment/Company/${company.id}`;
    const created = await call<Comment>(sim(), 'POST', path, { body: { text: 'First' } });
    expect(created.body).toMatchObject({ entity: company.id, entityModel: 'Company', text: 'First' });
    const updated = await call<Comment>(sim(), 'POST', path, { body: { text: 'Edited', id: created.body.id } });
    expect(updated.body).toMatchObject({ id: created.body.id, text: 'Edited' });
    const list = await call<{ comments: Comment[]; total: number }>(sim(), 'GET', path);
    expect(list.body).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(list.body.comments[0]?.text).toBe('Edited');
    expect((await call(sim(), 'POST', path, { body: { text: 'x', id: '3'.repeat(24) } })).status).toBe(404);
    expect((await call(sim(), 'GET', `/comment/Account/${company.id}`)).status).toBe(422);
    expect((await call(sim(), 'POST', path, { body: {} })).body).toEqual({ errors: ['text is required'] });
  });
});

describe('files', () => {
  it('uploads a binary file with multipart/form-data and stores it byte for byte', async () => {
    const company = sim().store.list('companies')[0] as Company;
    const form = new FormData();
    form.append('entity', company.id);
    form.append('entityModel', 'Company');
    form.append('file', new Blob([BINARY], { type: 'application/x-demo' }), 'bytes é.bin');
    const res = await call<SimFile>(sim(), 'POST', '/file', { form });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'bytes é.bin',
      size: BINARY.length,
      mimeType: 'application/x-demo',
      entity: company.id,
      entityModel: 'Company',
      showInPortal: false,
    });
    const content = await fetch(`${sim().url}/file/${res.body.id}/content`, { headers: { authorization: 'Bearer demo-custify-key' } });
    expect(Buffer.from(await content.arrayBuffer()).equals(BINARY)).toBe(true);

    const logged = sim().requests.find((r) => r.path === '/file' && r.method === 'POST');
    expect(logged?.body).toEqual({
      fields: { entity: company.id, entityModel: 'Company' },
      files: [{ field: 'file', filename: 'bytes é.bin', size: BINARY.length, mimeType: 'application/x-demo' }],
    });
  });

  it('rejects uploads without a file part or with a bad entity (422)', async () => {
    const form = new FormData();
    form.append('entity', 'x');
    const noFile = await call<{ errors: string[] }>(sim(), 'POST', '/file', { form });
    expect(noFile.status).toBe(422);
    expect(noFile.body.errors[0]).toMatch(/^file is required/);
    form.append('file', new Blob(['x']), 'x.txt');
    const badEntity = await call<{ errors: string[] }>(sim(), 'POST', '/file', { form });
    expect(badEntity.body.errors.map((e) => e.split(':')[0])).toEqual(['entity', 'entityModel is required']);
    expect((await call(sim(), 'POST', '/file', { body: { name: 'x' } })).status).toBe(422);
  });

  it('lists files, toggles showInPortal and unlinks', async () => {
    const list = await call<{ files: SimFile[]; total: number }>(sim(), 'GET', '/file');
    expect(list.body.total).toBe(3);
    const file = list.body.files[1] as SimFile;
    const shown = await call<SimFile>(sim(), 'PUT', `/file/${file.id}/showInPortal`, { body: { showInPortal: true } });
    expect(shown.body.showInPortal).toBe(true);
    expect((await call(sim(), 'PUT', `/file/${file.id}/showInPortal`, { body: { showInPortal: 'yes' } })).status).toBe(422);
    expect((await call(sim(), 'POST', '/file/unlink', { body: { id: file.id } })).body).toEqual({ unlinked: true });
    expect(sim().store.get('files', file.id)).toMatchObject({ entity: null, entityModel: null, name: file.name });
    expect((await call(sim(), 'POST', '/file/unlink', { body: { id: '4'.repeat(24) } })).status).toBe(404);
  });
});
