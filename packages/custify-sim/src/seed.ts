import type { CollectionName, Collections, RecordInput } from './collections';
import {
  fakeHealthScore,
  fakeLifecycle,
  fakeMeeting,
  fakeObjective,
  fakePlaybook,
  fakeSegment,
  fakeSurvey,
} from './fake-data';
import { Random } from './random';
import type { SimStore } from './store';

export type SeedName = 'demo' | 'empty';
export const SEED_NAMES: readonly SeedName[] = ['demo', 'empty'];

const DAY = 86_400_000;

const COMPANIES = [
  { company_id: 'acct-1001', name: 'Northwind Logistics', industry: 'Logistics', plan: 'Enterprise', size: 1200, monthly_revenue: 18000 },
  { company_id: 'acct-1002', name: 'Bluefin Analytics', industry: 'Software', plan: 'Growth', size: 85, monthly_revenue: 2400 },
  { company_id: 'acct-1003', name: 'Cobalt Health', industry: 'Healthcare', plan: 'Business', size: 430, monthly_revenue: 7600 },
  { company_id: 'acct-1004', name: 'Lumen Studio', industry: 'Design', plan: 'Starter', size: 12, monthly_revenue: 290 },
  { company_id: 'acct-1005', name: 'Harbor Foods', industry: 'Retail', plan: 'Business', size: 640, monthly_revenue: 5200 },
];

const PEOPLE = [
  ['Ava Fischer', 'ava.fischer@northwind.example', 0, 'Champion'],
  ['Omar Haddad', 'omar.haddad@northwind.example', 0, 'Decision maker'],
  ['Maya Tanaka', 'maya.tanaka@bluefin.example', 1, 'Champion'],
  ['Liam Okafor', 'liam.okafor@bluefin.example', 1, null],
  ['Priya Reyes', 'priya.reyes@cobalt.example', 2, 'Decision maker'],
  ['Noah Lindqvist', 'noah.lindqvist@cobalt.example', 2, 'Detractor'],
  ['Zoe Moreau', 'zoe.moreau@lumen.example', 3, null],
  ['Lucas Silva', 'lucas.silva@harbor.example', 4, 'Champion'],
  ['Nora Novak', 'nora.novak@harbor.example', 4, null],
  ['Ethan Kowalski', 'ethan.kowalski@harbor.example', 4, 'Detractor'],
] as const;

/** Inserts with steadily increasing timestamps, from 30 days before the clock's now. */
class Seeder {
  private at: number;
  readonly rng = new Random(20240611);

  constructor(readonly store: SimStore) {
    this.at = store.now().getTime() - 30 * DAY;
  }

  insert<C extends CollectionName>(collection: C, fields: RecordInput<C>): Collections[C] {
    this.at += 47 * 60_000;
    return this.store.insert(collection, fields, { at: new Date(this.at) });
  }

  later(daysFromNow: number): Date {
    return new Date(this.store.now().getTime() + daysFromNow * DAY);
  }
}

function seedDemo(store: SimStore): void {
  const s = new Seeder(store);
  for (const [name, category, color] of [
    ['Enterprise', 'company', '#2563eb'],
    ['At risk', 'company', '#dc2626'],
    ['Expansion', 'company', '#16a34a'],
    ['Champion', 'people', '#9333ea'],
    ['Decision maker', 'people', '#0891b2'],
    ['Detractor', 'people', '#ea580c'],
  ] as const) {
    s.insert('tags', { name, category, color, description: `${name} (${category})` });
  }
  const companies = COMPANIES.map((c, i) =>
    s.insert('companies', {
      ...c,
      website: `https://${c.name.split(' ')[0]?.toLowerCase()}.example`,
      signed_up_at: new Date(Date.UTC(2023, i * 2, 3 + i)).toISOString(),
      owners_csm: ['dana@konnect-demo.io', 'marc@konnect-demo.io'][i % 2],
      tags: [i === 0 ? 'Enterprise' : i === 3 ? 'At risk' : 'Expansion'],
      custom_attributes: { region: ['EMEA', 'NA', 'APAC'][i % 3], seats: c.size },
    }),
  );
  const company = (i: number) => companies[i % companies.length] as Collections['companies'];
  const people = PEOPLE.map(([name, email, ci, tag], i) =>
    s.insert('people', {
      user_id: `user-${5001 + i}`,
      email,
      name,
      phone: `+1 555 01${String(10 + i)}`,
      session_count: 12 + i * 17,
      signed_up_at: company(ci).signed_up_at,
      last_seen_at: new Date(store.now().getTime() - i * 3_600_000).toISOString(),
      companies: [company(ci).id],
      tags: tag ? [tag] : [],
      custom_attributes: { role: i % 2 === 0 ? 'Admin' : 'User' },
    }),
  );
  const person = (i: number) => people[i % people.length] as Collections['people'];

  const noteTexts = ['Kick-off went well; IT wants SSO first.', 'Asked for a CSV export of usage.', 'Renewal in 60 days, budget approved.'];
  noteTexts.forEach((text, i) => {
    s.insert('notes', { entity: company(i).id, entityModel: 'Company', subject: `Call with ${company(i).name}`, text: `<p>${text}</p>` });
    s.insert('notes', { entity: person(i * 3).id, entityModel: 'People', subject: 'Follow-up', text: `<p>${text}</p>` });
  });
  ['Schedule QBR', 'Send renewal quote', 'Check usage drop', 'Invite admins to training', 'Share release notes'].forEach((name, i) => {
    s.insert('tasks', {
      name,
      entity: company(i).id,
      entityModel: 'Company',
      priority: ['high', 'medium', 'low'][i % 3],
      status: i === 4 ? 'done' : 'open',
      completedAt: i === 4 ? store.now().toISOString() : null,
      dueDate: s.later(i + 2).toISOString(),
      assignedTo: company(i).owners_csm,
    });
  });
  ['Cannot export report', 'SSO login fails', 'Invoice address wrong', 'Dashboard is slow'].forEach((subject, i) => {
    s.insert('tickets', {
      externalId: `ZD-${40001 + i}`,
      entity: person(i * 2).id,
      entityModel: 'People',
      subject,
      body: `Customer reports: ${subject.toLowerCase()}.`,
      status: i === 2 ? 'solved' : 'open',
    });
  });
  s.insert('comments', { entity: company(0).id, entityModel: 'Company', text: 'Great reference customer.' });
  s.insert('comments', { entity: person(2).id, entityModel: 'People', text: 'Prefers email over calls.' });
  for (const [i, name, text] of [
    [0, 'contract-northwind.txt', 'Master services agreement (demo)\n'],
    [2, 'onboarding-plan.md', '# Onboarding plan\n- SSO\n- Training\n'],
  ] as const) {
    const file = s.insert('files', { name, size: Buffer.byteLength(text), mimeType: 'text/plain', entity: company(i).id, entityModel: 'Company' });
    store.blobs.set(file.id, Buffer.from(text));
  }
  companies.slice(0, 2).forEach((c, i) => {
    s.insert('deals', { externalId: `deal-${i + 1}`, entity: c.id, name: `${c.name} expansion`, amount: 12000 * (i + 1), currency: 'USD', stage: 'negotiation' });
    s.insert('invoices', { externalId: `inv-${i + 1}`, entity: c.id, number: `INV-2024-00${i + 1}`, amount: c.monthly_revenue, currency: 'USD', status: 'paid', issuedAt: s.later(-20).toISOString(), dueAt: s.later(10).toISOString() });
    s.insert('subscriptions', { externalId: `sub-${i + 1}`, entity: c.id, plan: c.plan, mrr: c.monthly_revenue, currency: 'USD', status: 'active', startedAt: c.signed_up_at });
  });
  [0, 1, 2].forEach((i) =>
    s.insert('time_tracks', { entity: company(i).id, entityModel: 'Company', minutes: 30 + i * 15, description: 'Onboarding session', date: s.later(-i).toISOString(), userId: 'dana@konnect-demo.io' }),
  );
  [9, 4, 10].forEach((score, i) => s.insert('nps_scores', { entity: person(i).id, score, comment: score > 8 ? 'Love it' : 'OK', submittedAt: s.later(-i).toISOString() }));
  [5, 3].forEach((score, i) => s.insert('csat_scores', { entity: person(i + 3).id, score, comment: null, submittedAt: s.later(-i).toISOString() }));
  s.insert('events', { name: 'report_exported', user_id: person(0).user_id, email: person(0).email, person: person(0).id, metadata: { format: 'csv' } });
  s.insert('events', { name: 'login', user_id: person(2).user_id, email: person(2).email, person: person(2).id });

  for (let i = 0; i < 3; i++) s.insert('meetings', fakeMeeting(s.rng, company(i).id, s.later(i + 1)));
  companies.forEach((c) => s.insert('health_scores', fakeHealthScore(s.rng, c.id)));
  for (let i = 0; i < 3; i++) s.insert('segments', { ...fakeSegment(s.rng), type: i === 1 ? 'people' : 'companies' });
  for (let i = 0; i < 2; i++) s.insert('lifecycles', fakeLifecycle(s.rng));
  for (let i = 0; i < 3; i++) s.insert('playbooks', { ...fakePlaybook(s.rng), type: i === 1 ? 'people' : 'companies' });
  for (let i = 0; i < 3; i++) s.insert('objectives', fakeObjective(s.rng, company(i).id, s.later(20 + i * 10)));
  for (let i = 0; i < 2; i++) s.insert('surveys', fakeSurvey(s.rng));
}

/** Empty the store, then load the named seed. The same seed always gives the same ids and contents. */
export function loadSeed(store: SimStore, seed: SeedName): void {
  store.clear();
  if (seed === 'demo') seedDemo(store);
}
