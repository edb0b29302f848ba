import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_API_KEY, startSimulator, type Simulator, type SimulatorOptions } from './server';

/** Test fixtures (used by this package's tests only). */
export const KEY = DEFAULT_API_KEY;

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  body?: unknown;
  /** API key for the Bearer header; null sends no Authorization header. */
  key?: string | null;
  form?: FormData;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** One real HTTP request to the simulator; the JSON answer is typed by the caller. */
export async function call<T = Record<string, unknown>>(
  sim: { url: string },
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  const key = opts.key === undefined ? KEY : opts.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | FormData | undefined = opts.form ?? opts.rawBody;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('json') ?? false;
  return { status: res.status, headers: res.headers, body: (isJson ? JSON.parse(text) : text) as T };
}

/** A simulator started before and closed after the test file. */
export function useSimulator(opts: SimulatorOptions = {}): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator(opts);
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (!sim) throw new Error('simulator not started');
    return sim;
  };
}

/** Resolve once `check` passes, polling every 10 ms; fails after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
