import type { RecordInput } from './collections';
import type { Random } from './random';

/** Word pools for realistic demo records (seed and events mode). */
export const FIRST_NAMES = ['Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Iris', 'Lucas', 'Nora', 'Omar', 'Priya', 'Tomás'];
export const LAST_NAMES = ['Fischer', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Silva', 'Novak', 'Haddad', 'Reyes', 'Kowalski'];
export const COMPANY_WORDS = ['Northwind', 'Bluefin', 'Cobalt', 'Lumen', 'Harbor', 'Quartz', 'Juniper', 'Atlas', 'Vireo', 'Kestrel'];
export const COMPANY_SUFFIXES = ['Labs', 'Logistics', 'Analytics', 'Health', 'Studio', 'Systems', 'Foods', 'Energy'];
export const INDUSTRIES = ['Software', 'Logistics', 'Healthcare', 'Retail', 'Manufacturing', 'Education', 'Finance'];
export const PLANS = ['Starter', 'Growth', 'Business', 'Enterprise'];
export const CSMS = ['dana@konnect-demo.io', 'marc@konnect-demo.io', 'lea@konnect-demo.io'];
const NOTE_SUBJECTS = ['Quarterly business review', 'Onboarding call', 'Renewal discussion', 'Feature request', 'Support escalation'];
const TASK_NAMES = ['Schedule QBR', 'Send renewal quote', 'Follow up on onboarding', 'Check usage drop', 'Share release notes'];
const TICKET_SUBJECTS = ['Cannot export report', 'SSO login fails', 'Invoice address wrong', 'Webhook retries', 'Slow dashboard'];
const MEETING_TITLES = ['Kick-off', 'QBR', 'Renewal check-in', 'Training session', 'Executive sync'];
const SEGMENTS = ['At-risk accounts', 'Power users', 'Trials ending soon', 'Enterprise', 'Low adoption'];
const PLAYBOOKS = ['Onboarding', 'Renewal 90 days', 'Churn risk rescue', 'Expansion', 'NPS detractor follow-up'];
const OBJECTIVES = ['Reach 80% seat usage', 'Launch integration', 'Train admins', 'Reduce tickets by 30%', 'Adopt reporting'];
const SURVEYS = ['Quarterly NPS', 'Support CSAT', 'Onboarding feedback', 'Feature survey'];
const HEALTH_LABELS: [number, string][] = [
  [75, 'Healthy'],
  [50, 'Neutral'],
  [0, 'At risk'],
];

export function healthLabel(score: number): string {
  return HEALTH_LABELS.find(([min]) => score >= min)?.[1] ?? 'At risk';
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '');
}

export function fakeCompany(rng: Random, n: number): RecordInput<'companies'> {
  const name = `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_SUFFIXES)}`;
  return {
    company_id: `acct-${1000 + n}`,
    name,
    website: `https://${slug(name)}.example`,
    industry: rng.pick(INDUSTRIES),
    size: rng.int(5, 2000),
    plan: rng.pick(PLANS),
    monthly_revenue: rng.int(2, 400) * 50,
    owners_csm: rng.pick(CSMS),
  };
}

export function fakePerson(rng: Random, n: number, companyId: string | null): RecordInput<'people'> {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return {
    user_id: `user-${5000 + n}`,
    email: `${slug(first)}.${slug(last)}.${n}@example.com`,
    name: `${first} ${last}`,
    phone: `+1 555 01${String(rng.int(0, 99)).padStart(2, '0')}`,
    session_count: rng.int(0, 300),
    companies: companyId ? [companyId] : [],
  };
}

export function fakeNote(rng: Random, entity: string, entityModel: 'Company' | 'People'): RecordInput<'notes'> {
  const subject = rng.pick(NOTE_SUBJECTS);
  return { entity, entityModel, subject, text: `<p>${subject}: ${rng.pick(['went well', 'needs follow-up', 'blocked on IT'])}.</p>` };
}

export function fakeTask(rng: Random, entity: string, entityModel: 'Company' | 'People', due: Date): RecordInput<'tasks'> {
  return {
    name: rng.pick(TASK_NAMES),
    entity,
    entityModel,
    priority: rng.pick(['low', 'medium', 'high']),
    dueDate: due.toISOString(),
    assignedTo: rng.pick(CSMS),
  };
}

export function fakeTicket(rng: Random, n: number, entity: string, entityModel: 'Company' | 'People'): RecordInput<'tickets'> {
  const subject = rng.pick(TICKET_SUBJECTS);
  return { externalId: `ZD-${40000 + n}`, entity, entityModel, subject, body: `Customer reports: ${subject.toLowerCase()}.` };
}

export function fakeMeeting(rng: Random, entity: string, start: Date): RecordInput<'meetings'> {
  return {
    title: rng.pick(MEETING_TITLES),
    entity,
    entityModel: 'Company',
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + 45 * 60_000).toISOString(),
    attendees: [rng.pick(CSMS)],
  };
}

export function fakeHealthScore(rng: Random, entity: string): RecordInput<'health_scores'> {
  const score = rng.int(10, 98);
  return { name: 'Overall health', entity, entityModel: 'Company', score, label: healthLabel(score) };
}

export function fakeSegment(rng: Random): RecordInput<'segments'> {
  return { name: rng.pick(SEGMENTS), type: rng.pick(['companies', 'people'] as const), count: rng.int(0, 250) };
}

export function fakeLifecycle(rng: Random): RecordInput<'lifecycles'> {
  return {
    name: rng.pick(['Customer journey', 'Trial to paid', 'Enterprise rollout']),
    type: 'companies',
    stages: ['Onboarding', 'Adoption', rng.pick(['Expansion', 'Value']), 'Renewal'],
  };
}

export function fakePlaybook(rng: Random): RecordInput<'playbooks'> {
  return { name: rng.pick(PLAYBOOKS), type: rng.pick(['companies', 'people'] as const), runs: rng.int(0, 40) };
}

export function fakeObjective(rng: Random, entity: string, due: Date): RecordInput<'objectives'> {
  return {
    name: rng.pick(OBJECTIVES),
    entity,
    entityModel: 'Company',
    progress: rng.int(0, 90),
    owner: rng.pick(CSMS),
    startAt: new Date(due.getTime() - 30 * 86_400_000).toISOString(),
    dueAt: due.toISOString(),
  };
}

export function fakeSurvey(rng: Random): RecordInput<'surveys'> {
  return { name: rng.pick(SURVEYS), type: rng.pick(['nps', 'csat']), responses: rng.int(0, 500) };
}
