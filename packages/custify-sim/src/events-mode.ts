import type { CollectionName, Collections, RecordPatch } from './collections';
import {
  fakeCompany,
  fakeHealthScore,
  fakeLifecycle,
  fakeMeeting,
  fakeNote,
  fakeObjective,
  fakePerson,
  fakePlaybook,
  fakeSegment,
  fakeSurvey,
  fakeTask,
  fakeTicket,
  healthLabel,
} from './fake-data';
import { Random } from './random';
import type { SimStore } from './store';

export const DEFAULT_EVENTS_INTERVAL_MS = 5000;
/** Above this many records, a collection is only updated, never grown (memory stays bounded). */
export const EVENTS_MAX_RECORDS = 1000;

const DAY = 86_400_000;

/**
 * "Events" mode: every interval, creates one record and updates one older record in each of
 * people, companies, notes, tasks, tickets, time tracks and the list-only collections (and
 * creates a file), so polling triggers (created and updated) fire during a demo.
 */
export class EventsMode {
  private timer: NodeJS.Timeout | null = null;
  private readonly rng = new Random(424242);
  private serial = 0;
  private interval = DEFAULT_EVENTS_INTERVAL_MS;

  constructor(private readonly store: SimStore) {}

  get running(): boolean {
    return this.timer !== null;
  }

  get intervalMs(): number {
    return this.interval;
  }

  start(intervalMs = DEFAULT_EVENTS_INTERVAL_MS): void {
    if (!Number.isInteger(intervalMs) || intervalMs < 10) throw new RangeError('intervalMs must be an integer ≥ 10');
    this.stop();
    this.interval = intervalMs;
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round of creates and updates. */
  tick(): void {
    this.serial += 1;
    const n = this.serial;
    const rng = this.rng;
    const now = this.store.now();
    const company = this.grow('companies', () => this.store.insert('companies', fakeCompany(rng, 100 + n)));
    const companyId = company?.id ?? this.any('companies')?.id;
    this.grow('people', () => this.store.insert('people', fakePerson(rng, 100 + n, companyId ?? null)));
    const personId = this.any('people')?.id;
    if (companyId) {
      this.grow('notes', () => this.store.insert('notes', fakeNote(rng, companyId, 'Company')));
      this.grow('tasks', () => this.store.insert('tasks', fakeTask(rng, companyId, 'Company', new Date(now.getTime() + 3 * DAY))));
      this.grow('meetings', () => this.store.insert('meetings', fakeMeeting(rng, companyId, new Date(now.getTime() + DAY))));
      this.grow('health_scores', () => this.store.insert('health_scores', fakeHealthScore(rng, companyId)));
      this.grow('objectives', () => this.store.insert('objectives', fakeObjective(rng, companyId, new Date(now.getTime() + 30 * DAY))));
      this.grow('time_tracks', () =>
        this.store.insert('time_tracks', { entity: companyId, entityModel: 'Company', minutes: rng.int(1, 12) * 5, description: 'Check-in call' }),
      );
      this.grow('files', () => this.addFile(n, companyId));
    }
    if (personId) this.grow('tickets', () => this.store.insert('tickets', fakeTicket(rng, 1000 + n, personId, 'People')));
    this.grow('segments', () => this.store.insert('segments', fakeSegment(rng)));
    this.grow('lifecycles', () => this.store.insert('lifecycles', fakeLifecycle(rng)));
    this.grow('playbooks', () => this.store.insert('playbooks', fakePlaybook(rng)));
    this.grow('surveys', () => this.store.insert('surveys', fakeSurvey(rng)));
    this.updateOne('companies', (c) => ({ monthly_revenue: (c.monthly_revenue ?? 0) + rng.int(1, 20) * 10 }));
    this.updateOne('people', (p) => ({ session_count: p.session_count + 1, last_seen_at: now.toISOString() }));
    this.updateOne('notes', (note) => ({ text: `${note.text}<p>Update ${n}: ${rng.pick(['called back', 'sent recap'])}.</p>` }));
    this.updateOne('tasks', (t) => ({
      status: t.status === 'open' ? ('done' as const) : ('open' as const),
      completedAt: t.status === 'open' ? now.toISOString() : null,
    }));
    this.updateOne('tickets', (t) => ({ status: t.status === 'open' ? 'pending' : 'open' }));
    this.updateOne('meetings', (m) => ({ status: m.status === 'scheduled' ? 'completed' : 'scheduled' }));
    this.updateOne('health_scores', () => {
      const score = rng.int(10, 98);
      return { score, label: healthLabel(score) };
    });
    this.updateOne('segments', (s) => ({ count: s.count + rng.int(1, 5) }));
    this.updateOne('lifecycles', () => ({ description: `Reviewed in round ${n}` }));
    this.updateOne('playbooks', (p) => ({ runs: p.runs + 1 }));
    this.updateOne('objectives', (o) => ({ progress: Math.min(100, o.progress + rng.int(1, 10)) }));
    this.updateOne('surveys', (s) => ({ responses: s.responses + rng.int(1, 3) }));
    this.updateOne('time_tracks', (t) => ({ minutes: t.minutes + 5 }));
  }

  private addFile(n: number, companyId: string): Collections['files'] {
    const content = Buffer.from(`Meeting notes #${n}\n`);
    const file = this.store.insert('files', {
      name: `meeting-notes-${n}.txt`,
      size: content.length,
      mimeType: 'text/plain',
      entity: companyId,
      entityModel: 'Company',
    });
    this.store.blobs.set(file.id, content);
    return file;
  }

  private grow<C extends CollectionName>(collection: C, create: () => Collections[C]): Collections[C] | undefined {
    return this.store.count(collection) < EVENTS_MAX_RECORDS ? create() : undefined;
  }

  private any<C extends CollectionName>(collection: C): Collections[C] | undefined {
    const records = this.store.list(collection);
    return records.length === 0 ? undefined : this.rng.pick(records);
  }

  /** Update a random record other than the newest, so "updated" differs from "created". */
  private updateOne<C extends CollectionName>(collection: C, patch: (record: Collections[C]) => RecordPatch<C>): void {
    const records = this.store.list(collection);
    const candidates = records.length > 1 ? records.slice(0, -1) : records;
    if (candidates.length === 0) return;
    const record = this.rng.pick(candidates);
    this.store.update(collection, record.id, patch(record));
  }
}
