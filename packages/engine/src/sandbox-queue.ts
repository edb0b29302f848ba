/**
 * The sandbox pool's waiting line, fair between owners (workspaces): one FIFO queue per owner,
 * a bound on each, and a cap on the threads one owner holds at once. The next code step to start
 * comes from the owner holding the fewest threads, the one waiting longest since its last turn on
 * a tie (round-robin). An owner that already holds a thread may not take the last idle one: that
 * one is kept for an owner holding none. So an owner's endless loops never take every thread, and
 * under contention each busy owner keeps one thread while a newcomer still finds one idle.
 */
export interface Owned {
  owner: string;
}

export class FairQueue<T extends Owned> {
  /** Owners with waiting items, in turn order: an owner served goes to the back. */
  private readonly waiting = new Map<string, T[]>();
  private readonly held = new Map<string, number>();
  private count = 0;

  constructor(
    private readonly ownerThreads: number,
    private readonly ownerQueue: number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Threads `owner` holds now. */
  holding(owner: string): number {
    return this.held.get(owner) ?? 0;
  }

  /** Items `owner` has waiting. */
  waitingOf(owner: string): number {
    return this.waiting.get(owner)?.length ?? 0;
  }

  /** Appends to the owner's queue; false (nothing queued) when that queue is full. */
  push(item: T): boolean {
    const queue = this.waiting.get(item.owner);
    if (queue && queue.length >= this.ownerQueue) return false;
    if (queue) queue.push(item);
    else this.waiting.set(item.owner, [item]);
    this.count += 1;
    return true;
  }

  /** Takes a waiting item out of the line (its wait ran out); false if it was not waiting. */
  remove(item: T): boolean {
    const queue = this.waiting.get(item.owner);
    const at = queue?.indexOf(item) ?? -1;
    if (!queue || at < 0) return false;
    queue.splice(at, 1);
    if (queue.length === 0) this.waiting.delete(item.owner);
    this.count -= 1;
    return true;
  }

  /**
   * The next item to start on one of `idleThreads` idle threads, counted as holding a thread for
   * its owner; undefined when no waiting owner may take one (at its cap, or holding a thread
   * while only one is idle).
   */
  next(idleThreads: number): T | undefined {
    let chosen: string | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const owner of this.waiting.keys()) {
      const held = this.holding(owner);
      if (held > 0 && idleThreads < 2) continue;
      if (held < this.ownerThreads && held < fewest) {
        chosen = owner;
        fewest = held;
        if (held === 0) break;
      }
    }
    if (chosen === undefined) return undefined;
    const queue = this.waiting.get(chosen) as T[];
    const item = queue.shift() as T;
    this.waiting.delete(chosen);
    if (queue.length > 0) this.waiting.set(chosen, queue);
    this.count -= 1;
    this.held.set(chosen, fewest + 1);
    return item;
  }

  /** The owner's item ended: its thread is free. */
  release(owner: string): void {
    const held = this.holding(owner) - 1;
    if (held > 0) this.held.set(owner, held);
    else this.held.delete(owner);
  }

  /** Empties the line (close, fallback), in turn order. */
  drain(): T[] {
    const all = [...this.waiting.values()].flat();
    this.waiting.clear();
    this.count = 0;
    return all;
  }
}
