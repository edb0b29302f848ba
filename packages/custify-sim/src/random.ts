/** A small seeded PRNG (mulberry32): the same seed gives the same sequence. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Random.pick: empty list');
    return item;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}

/**
 * Deterministic 24-hex ids shaped like Mongo ObjectIds: 8 hex that grow with each id
 * (so ids sort in creation order), 10 seeded random hex, 6 hex counter.
 */
export function createIdSource(seed: number): () => string {
  const random = new Random(seed);
  let counter = 0;
  return () => {
    counter += 1;
    const head = (0x66a00000 + counter).toString(16).padStart(8, '0');
    const tail = (counter & 0xffffff).toString(16).padStart(6, '0');
    return head + random.hex(10) + tail;
  };
}
