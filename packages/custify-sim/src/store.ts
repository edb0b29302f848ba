import {
  collectionNames,
  collectionSchemas,
  type CollectionName,
  type Collections,
  type RecordInput,
  type RecordPatch,
} from './collections';
import { invalid, ValidationError } from './errors';
import { createIdSource } from './random';
import { issueMessages } from './validate';

export interface WriteOptions {
  /** The write's time (sets `created_at` and `updated_at` on insert, `updated_at` on update); default: the clock. */
  at?: Date;
}

const ID_SEED = 0xc0ffee;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The in-memory store: one table per collection. Records are frozen; every write goes
 * through `insert`/`update`, which validate against the collection's schema and set the
 * timestamps from the injectable clock.
 */
export class SimStore {
  private tables = new Map<CollectionName, Map<string, unknown>>();
  private nextId: () => string = createIdSource(ID_SEED);
  /** Uploaded file contents by file id. */
  readonly blobs = new Map<string, Buffer>();

  constructor(private readonly clock: () => Date = () => new Date()) {
    this.clear();
  }

  /** The current time from the injected clock. */
  now(): Date {
    return this.clock();
  }

  /** A fresh 24-hex id from the store's deterministic sequence. */
  newId(): string {
    return this.nextId();
  }

  /** Empty every collection and restart the id sequence. */
  clear(): void {
    this.tables = new Map(collectionNames.map((c) => [c, new Map<string, unknown>()]));
    this.blobs.clear();
    this.nextId = createIdSource(ID_SEED);
  }

  insert<C extends CollectionName>(collection: C, fields: RecordInput<C>, opts: WriteOptions = {}): Collections[C] {
    const table = this.table(collection);
    const id = fields.id ?? this.nextId();
    if (!/^[0-9a-f]{24}$/.test(id)) throw invalid('id must be a 24-hex id');
    if (table.has(id)) throw invalid(`id ${id} already exists in ${collection}`);
    const at = this.stamp(opts);
    const record = this.parse(collection, { ...fields, id, created_at: at, updated_at: at });
    table.set(id, record);
    return record;
  }

  /** Merge a patch into a record and set `updated_at`; undefined when the id is unknown. */
  update<C extends CollectionName>(
    collection: C,
    id: string,
    patch: RecordPatch<C>,
    opts: WriteOptions = {},
  ): Collections[C] | undefined {
    const current = this.get(collection, id);
    if (!current) return undefined;
    const record = this.parse(collection, {
      ...current,
      ...patch,
      id,
      created_at: current.created_at,
      updated_at: this.stamp(opts),
    });
    this.table(collection).set(id, record);
    return record;
  }

  get<C extends CollectionName>(collection: C, id: string): Collections[C] | undefined {
    return this.table(collection).get(id) as Collections[C] | undefined;
  }

  /** All records of a collection, in insertion order. */
  list<C extends CollectionName>(collection: C): Collections[C][] {
    return [...this.table(collection).values()] as Collections[C][];
  }

  find<C extends CollectionName>(collection: C, predicate: (record: Collections[C]) => boolean): Collections[C] | undefined {
    return this.list(collection).find(predicate);
  }

  remove(collection: CollectionName, id: string): boolean {
    if (collection === 'files') this.blobs.delete(id);
    return this.table(collection).delete(id);
  }

  count(collection: CollectionName): number {
    return this.table(collection).size;
  }

  private table(collection: CollectionName): Map<string, unknown> {
    const table = this.tables.get(collection);
    if (!table) throw new Error(`Unknown collection: ${String(collection)}`);
    return table;
  }

  private stamp(opts: WriteOptions): string {
    const at = opts.at ?? this.clock();
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw invalid('at must be a valid Date');
    return at.toISOString();
  }

  private parse<C extends CollectionName>(collection: C, input: unknown): Collections[C] {
    const result = collectionSchemas[collection].safeParse(input, { reportInput: true });
    if (!result.success) throw new ValidationError(issueMessages(result.error.issues));
    return deepFreeze(result.data as Collections[C]);
  }
}
