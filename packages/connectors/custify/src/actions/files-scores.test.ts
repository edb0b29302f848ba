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

describe('File actions', () => {
  it('upload_file: multipart/form-data with file, entity, entityModel', async () => {
    const bytes = Buffer.from('%PDF-1.4 hello');
    const input = { entity: companyId, entityModel: 'Company', filename: 'contract.pdf', content: bytes.toString('base64') };
    const { result, requests } = await h.trace(() => h.kit.runAction('upload_file', input));
    expect(requests).toMatchObject([
      {
        method: 'POST',
        path: '/file',
        body: {
          fields: { entity: companyId, entityModel: 'Company' },
          files: [{ field: 'file', filename: 'contract.pdf', size: bytes.length, mimeType: 'application/pdf' }],
        },
        status: 200,
      },
    ]);
    expect(result).toMatchObject({
      id: expect.stringMatching(HEX24),
      name: 'contract.pdf',
      size: bytes.length,
      mimeType: 'application/pdf',
      entity: companyId,
      showInPortal: false,
    });
    expect(h.sim.store.blobs.get(String(result.id))?.equals(bytes)).toBe(true);
  });

  it('upload_file: a data: URL gives the type; bad base64 is refused naming the field', async () => {
    const input = { entity: personId, entityModel: 'People', filename: 'note', content: 'data:text/plain;base64,aGk=' };
    const result = await h.kit.runAction('upload_file', input);
    expect(result).toMatchObject({ name: 'note', size: 2, mimeType: 'text/plain' });
    await expect(h.kit.runAction('upload_file', { ...input, content: 'not base64!' })).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('content'),
    });
  });

  it('set_file_portal: PUT /file/{id}/showInPortal', async () => {
    const f = h.sim.store.insert('files', { name: 'a.txt', size: 1, entity: companyId, entityModel: 'Company' });
    const { result, requests } = await h.trace(() => h.kit.runAction('set_file_portal', { id: f.id, showInPortal: true }));
    expect(requests).toMatchObject([{ method: 'PUT', path: `/file/${f.id}/showInPortal`, body: { showInPortal: true } }]);
    expect(result).toMatchObject({ id: f.id, showInPortal: true });
  });

  it('unlink_file: POST /file/unlink { id }; the file stays without an entity', async () => {
    const f = h.sim.store.insert('files', { name: 'b.txt', size: 1, entity: companyId, entityModel: 'Company' });
    const { result, requests } = await h.trace(() => h.kit.runAction('unlink_file', { id: f.id }));
    expect(requests).toMatchObject([{ method: 'POST', path: '/file/unlink', body: { id: f.id } }]);
    expect(result).toEqual({ unlinked: true });
    expect(h.sim.store.get('files', f.id)).toMatchObject({ entity: null });
  });
});

describe('Score actions', () => {
  it('assign_nps_score: POST /nps_score/{person id}', async () => {
    const input = { score: 9, comment: 'Great', submittedAt: '2026-11-01T10:00:00.000Z' };
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('assign_nps_score', { person_id: personId, ...input }),
    );
    expect(requests).toMatchObject([{ method: 'POST', path: `/nps_score/${personId}`, body: input }]);
    expect(requests[0]?.body).toEqual(input);
    expect(result).toMatchObject({ entity: personId, ...input });
  });

  it('assign_nps_score: input is fitted as in a live run (a mapped "9" is the number 9, blank optional fields are left out)', async () => {
    const input = { person_id: personId, score: '9', comment: '', submittedAt: '' };
    const { result, requests } = await h.trace(() => h.kit.runAction('assign_nps_score', input));
    expect(requests).toMatchObject([{ method: 'POST', path: `/nps_score/${personId}` }]);
    expect(requests[0]?.body).toEqual({ score: 9 });
    expect(result).toMatchObject({ entity: personId, score: 9, submittedAt: expect.any(String) });
    await expect(h.kit.runAction('assign_nps_score', { ...input, score: 'nine' })).rejects.toMatchObject({
      kind: 'config',
      message: 'Input "score": Invalid input: expected number, received string',
    });
  });

  it('assign_csat_score: POST /csat_score/{person id}; out-of-range scores are refused', async () => {
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('assign_csat_score', { person_id: personId, score: 4 }),
    );
    expect(requests).toMatchObject([{ method: 'POST', path: `/csat_score/${personId}`, body: { score: 4 } }]);
    expect(result).toMatchObject({ entity: personId, score: 4, submittedAt: expect.any(String) });
    await expect(h.kit.runAction('assign_csat_score', { person_id: personId, score: 6 })).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('score'),
    });
    await expect(h.kit.runAction('assign_nps_score', { person_id: personId, score: 11 })).rejects.toMatchObject({
      kind: 'config',
    });
  });
});

describe('Time track actions', () => {
  it('create_time_track / update_time_track / delete_time_track', async () => {
    const input = { entity: companyId, entityModel: 'Company', minutes: 45, description: 'QBR prep' };
    const created = await h.trace(() => h.kit.runAction('create_time_track', input));
    expect(created.requests).toMatchObject([{ method: 'POST', path: '/time_track', body: input }]);
    expect(created.result).toMatchObject({ ...input, id: expect.stringMatching(HEX24) });
    const id = String(created.result.id);

    const updated = await h.trace(() => h.kit.runAction('update_time_track', { id, minutes: 60 }));
    expect(updated.requests).toMatchObject([{ method: 'POST', path: `/time_track/${id}`, body: { minutes: 60 } }]);
    expect(updated.result).toMatchObject({ id, minutes: 60, description: 'QBR prep' });

    const deleted = await h.trace(() => h.kit.runAction('delete_time_track', { id }));
    expect(deleted.requests).toMatchObject([{ method: 'DELETE', path: '/time_track', query: { id } }]);
    expect(deleted.result).toMatchObject({ deleted: 1 });
    expect(h.sim.store.get('time_tracks', id)).toBeUndefined();
  });

  it('create_time_track: minutes must be a positive whole number', async () => {
    await expect(
      h.kit.runAction('create_time_track', { entity: companyId, entityModel: 'Company', minutes: 0 }),
    ).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('minutes') });
  });
});
