/**
 * Injected faults: an HTTP 429 with Retry-After (`ratelimited`), a 500 / 503, an `ok: false` answer
 * with any error code at HTTP 200 (e.g. `fatal_error`), and/or a delay. A request takes (and counts
 * against) the first fault whose method and token match.
 */
export interface Fault {
  /** 429 (body `ratelimited`), 500 (`internal_error`) or 503 (`service_unavailable`). */
  status?: 429 | 500 | 503;
  /** With no status: answer HTTP 200 `{ ok: false, error }`. */
  error?: string;
  /** Retry-After seconds for a 429 (default 1) or a 503 (default none). */
  retryAfter?: number;
  /** Wait this long first (alone: a slow but normal answer). */
  delayMs?: number;
  /** Apply to this many matching requests, then disappear. Default: until cleared. */
  times?: number;
  /** Only this Web API method, e.g. "chat.postMessage". */
  method?: string;
  /** Only requests with this token. */
  token?: string;
}

export interface ActiveFault extends Fault {
  id: number;
}

export interface FaultAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

const BODIES: Record<number, string> = { 429: 'ratelimited', 500: 'internal_error', 503: 'service_unavailable' };

/** Checks a fault given by a caller (control API or tests); throws an Error naming the bad field. */
export function checkFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null) throw new Error('fault: must be an object');
  const f = input as Record<string, unknown>;
  if (f.status !== undefined && ![429, 500, 503].includes(f.status as number)) throw new Error('status: must be 429, 500 or 503');
  if (f.error !== undefined && (typeof f.error !== 'string' || !/^[a-z_]+$/.test(f.error))) throw new Error('error: must be a Slack error code like "fatal_error"');
  for (const name of ['retryAfter', 'delayMs', 'times'] as const) {
    const v = f[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < (name === 'times' ? 1 : 0))) throw new Error(`${name}: must be a whole number${name === 'times' ? ' >= 1' : ' >= 0'}`);
  }
  for (const name of ['method', 'token'] as const) {
    if (f[name] !== undefined && (typeof f[name] !== 'string' || f[name] === '')) throw new Error(`${name}: must be a non-empty string`);
  }
  if (f.status === undefined && f.error === undefined && f.delayMs === undefined) throw new Error('status: one of status, error or delayMs is required');
  return f as Fault;
}

export class FaultList {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(fault: Fault): ActiveFault {
    const active = { ...checkFault(fault), id: this.nextId++ };
    this.faults.push(active);
    return { ...active };
  }

  clear(): number {
    const n = this.faults.length;
    this.faults = [];
    return n;
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  take(method: string, token: string | null): ActiveFault | null {
    const fault = this.faults.find((f) => (f.method === undefined || f.method === method) && (f.token === undefined || f.token === token));
    if (!fault) return null;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return { ...fault };
  }
}

/** The answer a fault gives (null for a delay-only fault). */
export function faultAnswer(fault: Fault): FaultAnswer | null {
  if (fault.status !== undefined) {
    const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 1 : undefined);
    return {
      status: fault.status,
      body: { ok: false, error: fault.error ?? BODIES[fault.status] },
      headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    };
  }
  if (fault.error !== undefined) return { status: 200, body: { ok: false, error: fault.error }, headers: {} };
  return null;
}
