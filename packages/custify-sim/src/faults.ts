import { z } from 'zod';
import { parseInput } from './validate';

export type FaultStatus = 429 | 503 | 500;

/** A fault to inject: an error status and/or a delay, optionally limited in count, path and key. */
export interface Fault {
  status?: FaultStatus;
  /** Retry-After: seconds (number or digits), an HTTP-date string, or a Date (sent as an HTTP-date). */
  retryAfter?: string | number | Date;
  /** Delay before answering, in ms (alone: a slow but otherwise normal response). */
  delayMs?: number;
  /** Apply to this many matching requests, then disappear. Default: until cleared. */
  times?: number;
  /** Only requests with this API key. */
  apiKey?: string;
  /** Only requests whose path starts with this. */
  pathPrefix?: string;
}

export interface ActiveFault {
  id: number;
  status: FaultStatus | null;
  retryAfter: string | null;
  delayMs: number;
  remaining: number | null;
  apiKey: string | null;
  pathPrefix: string | null;
}

/** What one request gets: an optional delay, then an optional error status. */
export interface AppliedFault {
  status: FaultStatus | null;
  retryAfter: string | null;
  delayMs: number;
}

const retryAfter = z
  .union([
    z.number().int().min(0).transform(String),
    z.date().transform((d) => d.toUTCString()),
    z
      .string()
      .trim()
      .refine((s) => /^\d+$/.test(s) || !Number.isNaN(Date.parse(s)), {
        message: 'must be seconds or an HTTP-date',
      }),
  ])
  .transform((value) => (/^\d+$/.test(value) ? value : new Date(value).toUTCString()));

export const FaultSpec = z
  .object({
    status: z.union([z.literal(429), z.literal(503), z.literal(500)]).optional(),
    retryAfter: retryAfter.optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    times: z.number().int().min(1).optional(),
    apiKey: z.string().min(1).optional(),
    pathPrefix: z.string().startsWith('/').optional(),
  })
  .refine((f) => f.status !== undefined || f.delayMs !== undefined, {
    message: 'status or delayMs is required',
    path: ['status'],
  });

export const FAULT_BODIES: Record<FaultStatus, { error: string }> = {
  429: { error: 'Too many requests' },
  503: { error: 'Service unavailable' },
  500: { error: 'Internal server error' },
};

/**
 * Faults by API key convention: `sim-429-<n>` (429, Retry-After n), `sim-429` (429 without
 * Retry-After), `sim-503` / `sim-503-<n>`, `sim-500`, `sim-slow-<ms>` (delay, then normal).
 */
export function keyFault(apiKey: string | null): AppliedFault | null {
  if (!apiKey?.startsWith('sim-')) return null;
  const match = /^sim-(429|503|500|slow)(?:-(\d+))?$/.exec(apiKey);
  if (!match) return null;
  const [, kind, n] = match;
  if (kind === 'slow') return n === undefined ? null : { status: null, retryAfter: null, delayMs: Number(n) };
  if (kind === '500') return n === undefined ? { status: 500, retryAfter: null, delayMs: 0 } : null;
  return { status: kind === '429' ? 429 : 503, retryAfter: n ?? null, delayMs: 0 };
}

/** Whether a key is one of the fault-convention keys that the server accepts as valid. */
export function isSlowKey(apiKey: string | null): boolean {
  return keyFault(apiKey)?.status === null;
}

/** The registered faults; each request takes (and counts against) the first one that matches. */
export class FaultList {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(fault: Fault): ActiveFault {
    const spec = parseInput(FaultSpec, fault);
    const active: ActiveFault = {
      id: this.nextId++,
      status: spec.status ?? null,
      retryAfter: spec.retryAfter ?? null,
      delayMs: spec.delayMs ?? 0,
      remaining: spec.times ?? null,
      apiKey: spec.apiKey ?? null,
      pathPrefix: spec.pathPrefix ?? null,
    };
    this.faults.push(active);
    return { ...active };
  }

  clear(): number {
    const count = this.faults.length;
    this.faults = [];
    return count;
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  take(path: string, apiKey: string | null): AppliedFault | null {
    const fault = this.faults.find(
      (f) => (f.apiKey === null || f.apiKey === apiKey) && (f.pathPrefix === null || path.startsWith(f.pathPrefix)),
    );
    if (!fault) return null;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return { status: fault.status, retryAfter: fault.retryAfter, delayMs: fault.delayMs };
  }
}
