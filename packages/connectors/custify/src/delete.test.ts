import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Recorder } from './recorder.fixture';
import { startRecorder } from './recorder.fixture';

/**
 * Finding 1 of issue 18: deletes reported success they did not get. Each test answers a delete
 * the way a server might (a local recorder, not the simulator) and checks the step's outcome.
 */
let rec: Recorder;
const PERSON = 'a'.repeat(24);

beforeAll(async () => {
  rec = await startRecorder();
});
afterAll(() => rec.close());
beforeEach(() => rec.clear());

const html = '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login">…</form></body></html>';

describe('deletes say exactly what Custify answered', () => {
  it('finding 1: a 404 is a clear "not found" error, not { deleted: 0 }', async () => {
    rec.answer(() => ({ status: 404, json: { error: 'Not found' } }));
    const err = await rec.kit.runAction('delete_person', { id: PERSON }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not_found', retryable: false });
    expect((err as Error).message).toContain(`person with id "${PERSON}"`);
    expect((err as Error).message).toContain('Succeed if already deleted');
  });

  it('finding 1: a 404 succeeds with deleted 0 only when "Succeed if already deleted" is ticked', async () => {
    rec.answer(() => ({ status: 404, json: { error: 'Not found' } }));
    const out = await rec.kit.runAction('delete_person', { id: PERSON, succeed_if_already_deleted: true });
    expect(out).toMatchObject({ deleted: 0, already_deleted: true, custify_status: 404 });
    expect(out.confirmation).toMatch(/404 Not Found.*nothing was deleted/);
  });

  it('finding 1: an HTML 200 (a login page) on Delete Person is an error naming what came back', async () => {
    rec.answer(() => ({ status: 200, text: html, contentType: 'text/html; charset=utf-8' }));
    const err = await rec.kit.runAction('delete_person', { user_id: 'u-1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'server', status: 200, retryable: false });
    const message = (err as Error).message;
    expect(message).toContain('did not confirm deleting the person with user_id "u-1"');
    expect(message).toContain('text/html');
    expect(message).toContain('<title>Sign in</title>');
    expect(message).toContain('NOT confirmed');
  });

  it('finding 1: an HTML 200 fails every delete, even with "Succeed if already deleted" on', async () => {
    rec.answer(() => ({ status: 200, text: html, contentType: 'text/html' }));
    for (const [key, input] of [
      ['delete_company', { company_id: 'acme' }],
      ['delete_tag', { id: PERSON }],
      ['delete_ticket', { externalId: 'T-1' }],
      ['delete_time_track', { id: PERSON }],
      ['delete_financial_deal', { externalId: 'D-1' }],
    ] as const) {
      await expect(rec.kit.runAction(key, { ...input, succeed_if_already_deleted: true })).rejects.toMatchObject({
        kind: 'server',
        message: expect.stringContaining('text/html'),
      });
    }
  });

  it('finding 1: a 204 with an empty body is not a confirmation', async () => {
    rec.answer(() => ({ status: 204 }));
    const err = await rec.kit.runAction('delete_company', { company_id: 'acme' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'server', status: 204 });
    expect((err as Error).message).toContain('answered 204 with an empty body');
    expect((err as Error).message).toContain('{ "deleted": n }');
    await expect(rec.kit.runAction('delete_tag', { id: PERSON })).rejects.toMatchObject({ kind: 'server', status: 204 });
  });

  it('finding 1: a JSON { deleted: 1 } succeeds, and the event log output quotes what Custify confirmed (GDPR)', async () => {
    rec.answer(() => ({ status: 200, json: { deleted: 1 } }));
    const out = await rec.kit.runAction('delete_person', { email: 'gone@example.com' });
    expect(rec.requests).toMatchObject([{ method: 'DELETE', path: '/people', query: { email: 'gone@example.com' } }]);
    expect(out).toEqual({
      deleted: 1,
      already_deleted: false,
      confirmation:
        'Custify confirmed deleting the person with email "gone@example.com" and its data (GDPR "forget me"): it answered 200 { "deleted": 1 }.',
      custify_status: 200,
      custify_response: { deleted: 1 },
    });
  });

  it('finding 1: { deleted: 0 } (a mistyped user_id) is "not found", not a success', async () => {
    rec.answer(() => ({ status: 200, json: { deleted: 0 } }));
    await expect(rec.kit.runAction('delete_person', { user_id: 'typo' })).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringContaining('person with user_id "typo"'),
    });
    await expect(
      rec.kit.runAction('delete_person', { user_id: 'typo', succeed_if_already_deleted: true }),
    ).resolves.toMatchObject({ deleted: 0, already_deleted: true, custify_response: { deleted: 0 } });
  });

  it('finding 1: a GDPR delete needs { deleted: n }; another JSON object is not a confirmation', async () => {
    rec.answer(() => ({ status: 200, json: { ok: true } }));
    await expect(rec.kit.runAction('delete_person', { id: PERSON })).rejects.toMatchObject({
      kind: 'server',
      message: expect.stringContaining('{"ok":true}'),
    });
    // A non-GDPR delete, whose answer no public source documents, quotes the JSON it got.
    const tag = await rec.kit.runAction('delete_tag', { id: PERSON });
    expect(tag).toMatchObject({ deleted: 1, custify_response: { ok: true } });
    expect(tag.confirmation).toContain('{"ok":true}');
  });

  it('finding 1: "Succeed if already deleted" is off by default and shown on every delete', async () => {
    const { custify } = await import('./index');
    const deletes = custify.actions.filter((a) => a.destructive);
    expect(deletes).toHaveLength(8);
    for (const action of deletes) {
      const parsed = action.input.parse({ id: PERSON, externalId: 'x', email: 'a@b.co' }) as Record<string, unknown>;
      expect(parsed.succeed_if_already_deleted).toBe(false);
    }
  });
});
