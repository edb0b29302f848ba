import { perOwner } from './per-owner';

/**
 * Group commit: calls made in the same turn of the event loop are carried out together, by one
 * call of `many` (one statement: one round trip, one plan, one WAL flush instead of one each).
 * Nothing waits on purpose: a lone call goes out on the next turn, as it would have alone. If the
 * shared call fails, every item is tried again on its own, so one bad item cannot fail the others.
 */
export interface GroupCommitOptions<In, Out> {
  /** Carries out the items; returns one result per item, in the items' order. */
  many(items: readonly In[]): Promise<Out[]>;
  /** Most items one call carries (default 64). */
  max?: number;
  /** Orders the items of a call (e.g. by the rows they lock, so calls lock in one order). */
  compare?: (a: In, b: In) => number;
}

interface Waiting<In, Out> {
  item: In;
  resolve(value: Out): void;
  reject(err: unknown): void;
}

export function groupCommit<In, Out>(opts: GroupCommitOptions<In, Out>): (item: In) => Promise<Out> {
  const max = opts.max ?? 64;
  let waiting: Waiting<In, Out>[] = [];
  let scheduled = false;

  const one = async (w: Waiting<In, Out>) => {
    try {
      const [result] = await opts.many([w.item]);
      w.resolve(result as Out);
    } catch (err) {
      w.reject(err);
    }
  };
  const carry = async (batch: Waiting<In, Out>[]) => {
    if (opts.compare) {
      const compare = opts.compare;
      batch.sort((a, b) => compare(a.item, b.item));
    }
    if (batch.length === 1) return one(batch[0] as Waiting<In, Out>);
    let results: Out[];
    try {
      results = await opts.many(batch.map((w) => w.item));
    } catch {
      await Promise.all(batch.map(one));
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i] as Out));
  };
  const flush = () => {
    scheduled = false;
    const all = waiting;
    waiting = [];
    for (let i = 0; i < all.length; i += max) void carry(all.slice(i, i + max));
  };
  return (item) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/**
 * One group commit per owner (a database client, a platform, a set of queues), made on first use
 * (see per-owner.ts): `commit(owner, item)` shares its turn's call with the other items of the
 * same owner.
 */
export function groupCommitPer<Owner extends object, In, Out>(make: (owner: Owner) => GroupCommitOptions<In, Out>): (owner: Owner, item: In) => Promise<Out> {
  const commitOf = perOwner((owner: Owner) => groupCommit(make(owner)));
  return (owner, item) => commitOf(owner)(item);
}
