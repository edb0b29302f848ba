import { describe, expect, it } from 'vitest';
import type { Company, Person, Task, Ticket } from './records-core';
import { call, useSimulator } from './testing';

let tick = Date.UTC(2025, 0, 1);
const sim = useSimulator({ seed: 'demo', clock: () => new Date((tick += 1000)) });

describe('tasks', () => {
  it('creates a task and updates only the fields sent with PUT /task/{_id}', async () => {
    const company = sim().store.list('companies')[0] as Company;
    const created = await call<Task>(sim(), 'POST', '/task', {
      body: { name: 'Call', company: company.id, priority: 'high', dueDate: '2025-02-01', assignedTo: 'me' },
    });
    expect(created.body).toMatchObject({ entity: company.id, entityModel: 'Company', name: 'Call', status: 'open', priority: 'high', dueDate: '2025-02-01T00:00:00.000Z', completedAt: null });
    const done = await call<Task>(sim(), 'PUT', `/task/${created.body.id}`, { body: { status: 'done' } });
    expect(done.body).toMatchObject({ name: 'Call', priority: 'high', assignedTo: 'me', status: 'done' });
    expect(done.body.completedAt).not.toBeNull();
    expect(done.body.updated_at > created.body.updated_at).toBe(true);
    expect(done.body.created_at).toBe(created.body.created_at);
    const bad = await call<{ errors: string[] }>(sim(), 'PUT', `/task/${created.body.id}`, { body: { status: 'closed' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatch(/^status:/);
    expect((await call(sim(), 'PUT', `/task/${'2'.repeat(24)}`, { body: {} })).status).toBe(404);
    // The guessed entity/entityModel body is not Custify's: a task needs company or people.
    const guessed = await call<{ errors: string[] }>(sim(), 'POST', '/task', { body: { name: 'x', entity: company.id, entityModel: 'Company' } });
    expect(guessed.status).toBe(422);
    expect((await call<{ tasks: Task[] }>(sim(), 'GET', `/task/${created.body.id}`)).body.tasks[0]?.id).toBe(created.body.id);
  });

  it('lists tasks with itemsPerPage capped at 50', async () => {
    const company = sim().store.list('companies')[0] as Company;
    for (let i = 0; i < 50; i++) sim().store.insert('tasks', { name: `t${i}`, entity: company.id, entityModel: 'Company' });
    const res = await call<{ tasks: Task[]; total: number; pages: number }>(sim(), 'GET', '/task?itemsPerPage=100');
    expect(res.body.tasks).toHaveLength(50);
    expect(res.body.total).toBe(56);
    expect(res.body.pages).toBe(2);
  });
});

describe('tickets', () => {
  it('creates, patches, replies to and deletes a ticket by externalId', async () => {
    const person = sim().store.list('people')[0] as Person;
    const created = await call<Ticket>(sim(), 'POST', '/ticket', {
      body: { externalId: 'T-1', entity: person.id, entityModel: 'People', subject: 'Broken', body: 'It broke' },
    });
    expect(created.body).toMatchObject({ externalId: 'T-1', status: 'open', replies: [], subject: 'Broken' });
    const dup = await call(sim(), 'POST', '/ticket', { body: { externalId: 'T-1', entity: person.id, entityModel: 'People', subject: 'x' } });
    expect(dup.body).toEqual({ errors: ['externalId T-1 already exists'] });

    const patched = await call<Ticket>(sim(), 'PATCH', '/ticket/external/T-1', { body: { status: 'pending' } });
    expect(patched.body).toMatchObject({ id: created.body.id, status: 'pending', subject: 'Broken', body: 'It broke' });

    const replied = await call<Ticket>(sim(), 'POST', '/ticket/external/T-1/reply', { body: { body: 'On it', author: 'agent' } });
    expect(replied.body.replies).toEqual([expect.objectContaining({ body: 'On it', author: 'agent' })]);
    expect(replied.body.replies[0]?.id).toMatch(/^[0-9a-f]{24}$/);

    const list = await call<{ tickets: Ticket[]; total: number }>(sim(), 'GET', '/ticket');
    expect(list.body.total).toBe(5);
    expect((await call(sim(), 'DELETE', '/ticket/external/T-1')).body).toEqual({ deleted: 1 });
    expect((await call(sim(), 'PATCH', '/ticket/external/T-1', { body: { status: 'x' } })).status).toBe(404);
    expect((await call(sim(), 'POST', '/ticket/external/nope/reply', { body: { body: 'x' } })).status).toBe(404);
    const missing = await call<{ errors: string[] }>(sim(), 'POST', '/ticket', { body: {} });
    expect(missing.body.errors).toEqual(['externalId is required', 'entity is required', 'entityModel is required', 'subject is required']);
  });
});
