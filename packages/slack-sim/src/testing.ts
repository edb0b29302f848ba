import { afterAll, beforeAll } from 'vitest';
import { DEMO_BOT_TOKEN } from './seed';
import { startSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from './server';

/** Test helpers (this package's tests only). */
export const TOKEN = DEMO_BOT_TOKEN;

export interface CallOptions {
  /** 'json' (POST application/json; charset=utf-8), 'form' (POST form-encoded) or 'query' (GET). Default 'json'. */
  as?: 'json' | 'form' | 'query';
  /** Token for the Bearer header; null sends none. */
  token?: string | null;
  headers?: Record<string, string>;
  rawBody?: string;
}

export interface SlackAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { ok: boolean; error?: string };
}

/** One real HTTP call to `/api/<method>`. */
export async function callApi(sim: { apiUrl: string }, method: string, args: Record<string, unknown> = {}, opts: CallOptions = {}): Promise<SlackAnswer> {
  const as = opts.as ?? 'json';
  const token = opts.token === undefined ? TOKEN : opts.token;
  const headers: Record<string, string> = { ...(token !== null ? { authorization: `Bearer ${token}` } : {}) };
  let url = `${sim.apiUrl}/${method}`;
  let body: string | undefined = opts.rawBody;
  if (body === undefined && as === 'json') {
    headers['content-type'] = 'application/json; charset=utf-8';
    body = JSON.stringify(args);
  } else if (body === undefined && as === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
  } else if (as === 'query') {
    const qs = new URLSearchParams(Object.entries(args).map(([k, v]) => [k, String(v)])).toString();
    if (qs) url += `?${qs}`;
  }
  const res = await fetch(url, { method: as === 'query' ? 'GET' : 'POST', headers: { ...headers, ...opts.headers }, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as SlackAnswer['body'] };
}

/** A simulator started before and closed after the test file. */
export function useSlackSimulator(opts: SlackSimulatorOptions = {}): () => SlackSimulator {
  let sim: SlackSimulator | undefined;
  beforeAll(async () => {
    sim = await startSlackSimulator({ port: 0, ...opts });
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (!sim) throw new Error('simulator not started');
    return sim;
  };
}
