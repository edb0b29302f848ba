import type { SlackStore } from './store';

export const SEED_NAMES = ['demo', 'empty'] as const;
export type SeedName = (typeof SEED_NAMES)[number];

/** The bot token every seed has; it holds every scope the Konnect Slack connector uses. */
export const DEMO_BOT_TOKEN = 'xoxb-konnect-demo-token';
export const BOT_USER_ID = 'U0KONNECT1';
export const BOT_ID = 'B0KONNECT1';

/** Scopes of the demo bot token (a bot with chat:write, reading channels, users and history). */
export const BOT_SCOPES = [
  'chat:write',
  'channels:read',
  'groups:read',
  'im:read',
  'channels:history',
  'groups:history',
  'im:history',
  'im:write',
  'users:read',
  'users:read.email',
  'reactions:write',
];

const HOUR = 3_600_000;

/** The bot user and its token: present in every seed. */
function seedBot(store: SlackStore): void {
  store.addBot({ name: 'konnect', token: DEMO_BOT_TOKEN, scopes: BOT_SCOPES, userId: BOT_USER_ID, botId: BOT_ID });
}

const PEOPLE: [name: string, realName: string, email: string][] = [
  ['dana', 'Dana Whitfield', 'dana@konnect-demo.io'],
  ['marc', 'Marc Dubois', 'marc@konnect-demo.io'],
  ['priya', 'Priya Raman', 'priya@konnect-demo.io'],
  ['tom', 'Tom Becker', 'tom@konnect-demo.io'],
];

const CHATTER = [
  'Acme asked about SSO again, can someone take it?',
  'Renewal call with Globex went well :tada:',
  'Heads-up: Initech usage dropped 30% this week.',
  'Who owns the Umbrella onboarding?',
  'QBR deck for Hooli is in the shared drive.',
  'Ticket backlog is down to 4, nice work everyone.',
];

/** #cs and #general (the bot is a member), #random (it is not), a private #leadership with the bot, a private channel without it, an archived one. */
function seedDemo(store: SlackStore): void {
  const people = PEOPLE.map(([name, real, email]) => store.addUser({ name, real_name: real, email }));
  store.addUser({ name: 'former', real_name: 'Former Colleague', email: 'former@konnect-demo.io', deleted: true });
  const ids = people.map((p) => p.id);
  const [dana, marc, priya] = ids;
  const everyone = [...ids, BOT_USER_ID];
  const general = store.addChannel({ id: 'C0GENERAL1', name: 'general', is_general: true, members: everyone, purpose: 'Company-wide announcements' });
  const cs = store.addChannel({ id: 'C0CS000001', name: 'cs', members: everyone, topic: 'Customer success: tickets, renewals, health' });
  store.addChannel({ id: 'C0RANDOM01', name: 'random', members: ids });
  store.addChannel({ id: 'G0LEADS001', name: 'leadership', is_private: true, members: [dana ?? '', marc ?? '', BOT_USER_ID] });
  store.addChannel({ id: 'G0SECRET01', name: 'secret-project', is_private: true, members: [priya ?? ''] });
  store.addChannel({ id: 'C0OLDLNCH1', name: 'old-launch', is_archived: true, members: everyone });

  const now = store.now().getTime();
  CHATTER.forEach((text, i) => {
    const author = ids[i % ids.length];
    store.insertMessage(cs.id, { text, ...(author ? { user: author } : {}), at: new Date(now - (CHATTER.length - i) * 6 * HOUR) });
  });
  store.insertMessage(general.id, { text: 'Welcome to the Konnect demo workspace!', ...(dana ? { user: dana } : {}), at: new Date(now - 72 * HOUR) });
  store.insertMessage(general.id, { text: 'Office closed on Friday.', ...(marc ? { user: marc } : {}), at: new Date(now - 30 * HOUR) });
  store.customEmoji.add('konnect');
}

/** Empties the store and loads a seed; the same seed gives the same ids and contents every time. */
export function loadSeed(store: SlackStore, seed: SeedName): void {
  store.clear();
  seedBot(store);
  if (seed === 'demo') seedDemo(store);
}

/** One chatter message in #cs from a seeded person (the `--chatter` mode of the CLI and control API). */
export function chatter(store: SlackStore, n: number): void {
  const people = [...store.users.values()].filter((u) => !u.is_bot && !u.deleted);
  const channel = store.channels.get('C0CS000001');
  if (!channel || people.length === 0) return;
  const author = people[n % people.length];
  store.insertMessage(channel.id, { text: `${CHATTER[n % CHATTER.length]} (#${n})`, ...(author ? { user: author.id } : {}) });
}
