import { describe, expect, it } from 'vitest';
import type { Company, Person } from './records-core';
import type { TimeTrack } from './records-more';
import { call, useSimulator } from './testing';

const sim = useSimulator({ seed: 'demo' });

const KINDS = [
  { kind: 'deal', fields: { name: 'Upsell', amount: 100, stage: 'won' }, patch: { stage: 'lost' } },
  { kind: 'invoice', fields: { number: 'INV-9', amount: 50, status: 'open', dueAt: '2025-03-01' }, patch: { status: 'paid' } },
  { kind: 'subscription', fields: { plan: 'Pro', mrr: 99, status: 'active' }, patch: { status: 'cancelled' } },
] as const;

describe('financials', () => {
  it.each(KINDS)('upserts, updates and deletes a $kind', async ({ kind, fields, patch }) => {
    const company = sim().store.list('companies')[0] as Company;
    const base = `/financial/${kind}`;
    const created = await call<{ id: string; externalId: string }>(sim(), 'POST', base, {
      body: { externalId: `${kind}-x`, entity: company.id, currency: 'EUR', ...fields },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ externalId: `${kind}-x`, entity: company.id, currency: 'EUR' });
    const upserted = await call<{ id: string }>(sim(), 'POST', base, { body: { externalId: `${kind}-x`, ...patch } });
    expect(upserted.body).toMatchObject({ id: created.body.id, currency: 'EUR', ...patch });
    const byId = await call(sim(), 'POST', `${base}/${created.body.id}`, { body: { currency: 'USD' } });
    expect(byId.body).toMatchObject({ id: created.body.id, currency: 'USD' });
    expect((await call(sim(), 'POST', `${base}/${'5'.repeat(24)}`, { body: {} })).status).toBe(404);
    expect((await call(sim(), 'POST', base, { body: { amount: 1 } })).body).toEqual({ errors: ['externalId is required'] });
    expect((await call(sim(), 'DELETE', `${base}?externalId=${kind}-x`)).body).toEqual({ deleted: 1 });
    const again = await call<{ id: string }>(sim(), 'POST', base, { body: { externalId: `${kind}-y` } });
    expect((await call(sim(), 'DELETE', `${base}/${again.body.id}`)).body).toEqual({ deleted: 1 });
    expect((await call(sim(), 'DELETE', `${base}/${again.body.id}`)).status).toBe(404);
  });

  it('refuses an entity that is not a company', async () => {
    const res = await call<{ errors: string[] }>(sim(), 'POST', '/financial/deal', { body: { externalId: 'd', entity: '6'.repeat(24) } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatch(/^entity does not match any Company/);
  });
});

describe('time tracks', () => {
  it('creates, updates, lists and deletes (DELETE /time_track?id=)', async () => {
    const person = sim().store.list('people')[0] as Person;
    const created = await call<TimeTrack>(sim(), 'POST', '/time_track', {
      body: { entity: person.id, entityModel: 'People', minutes: 25, description: 'Call' },
    });
    expect(created.body).toMatchObject({ minutes: 25, description: 'Call', date: null });
    const updated = await call<TimeTrack>(sim(), 'POST', `/time_track/${created.body.id}`, { body: { minutes: 40 } });
    expect(updated.body).toMatchObject({ id: created.body.id, minutes: 40, description: 'Call' });
    const list = await call<{ time_tracks: TimeTrack[]; total: number }>(sim(), 'GET', '/time_track');
    expect(list.body.total).toBe(4);
    expect((await call(sim(), 'POST', '/time_track', { body: { entity: person.id, entityModel: 'People', minutes: 0 } })).status).toBe(422);
    expect((await call(sim(), 'DELETE', `/time_track?id=${created.body.id}`)).body).toEqual({ deleted: 1 });
    expect((await call(sim(), 'DELETE', `/time_track?id=${created.body.id}`)).body).toEqual({ deleted: 0 });
    expect((await call(sim(), 'DELETE', '/time_track')).status).toBe(422);
  });
});

describe('scores and events', () => {
  it('assigns NPS (0-10) and CSAT (1-5) scores to a person', async () => {
    const person = sim().store.list('people')[2] as Person;
    const nps = await call(sim(), 'POST', `/nps_score/${person.id}`, { body: { score: 9, comment: 'Great', submittedAt: '2025-01-02T03:04:05Z' } });
    expect(nps.body).toMatchObject({ entity: person.id, score: 9, comment: 'Great', submittedAt: '2025-01-02T03:04:05.000Z' });
    const csat = await call(sim(), 'POST', `/csat_score/${person.id}`, { body: { score: 5 } });
    expect(csat.body).toMatchObject({ entity: person.id, score: 5, comment: null });
    const older = await call(sim(), 'POST', `/nps_score?email=${person.email}`, { body: { score: 0 } });
    expect(older.body).toMatchObject({ entity: person.id, score: 0 });
    expect((await call(sim(), 'POST', `/nps_score/${person.id}`, { body: { score: 11 } })).status).toBe(422);
    expect((await call(sim(), 'POST', `/csat_score/${person.id}`, { body: { score: 0 } })).status).toBe(422);
    expect((await call(sim(), 'POST', `/nps_score/${'7'.repeat(24)}`, { body: { score: 3 } })).status).toBe(404);
  });

  it('accepts events with 202 and stores a deduplication_id once', async () => {
    const body = { name: 'exported', user_id: 'user-5001', deduplication_id: 'dd-1', created_at: '2025-01-01T00:00:00Z', metadata: { n: 1 } };
    const before = sim().store.count('events');
    for (let i = 0; i < 2; i++) {
      const res = await call(sim(), 'POST', '/event', { body });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: true });
    }
    expect(sim().store.count('events')).toBe(before + 1);
    const stored = sim().store.find('events', (e) => e.deduplication_id === 'dd-1');
    expect(stored).toMatchObject({ name: 'exported', created_at: '2025-01-01T00:00:00.000Z', metadata: { n: 1 } });
    expect(stored?.person).toMatch(/^[0-9a-f]{24}$/);
    expect((await call(sim(), 'POST', '/event', { body: { name: 'x' } })).body).toEqual({ errors: ['user_id or email is required'] });
  });
});
