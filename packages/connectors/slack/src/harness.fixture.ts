/**
 * Test helper for this connector's tests: the Slack simulator on a free port + a test kit bound
 * to it. A `.fixture.ts` file, so no runtime code reaches the simulator.
 */
import { DEMO_BOT_TOKEN, startSlackSimulator, type RecordedRequest, type SlackSimulator } from '@konnect/slack-sim';
import type { HttpClientOptions, TestKit } from '@konnect/sdk';
import { createTestKit } from '@konnect/sdk';
import type { SlackAuthValue } from './auth-fields';
import { slack } from './index';

export const TOKEN = DEMO_BOT_TOKEN;
export const CS = 'C0CS000001';
export const BEARER = `Bearer ***${TOKEN.slice(-4)}`;

export interface Harness {
  sim: SlackSimulator;
  kit: TestKit;
  auth: SlackAuthValue;
  /** Waits the HTTP client was asked to make (it does not really wait). */
  sleeps: number[];
  /** A kit on the same simulator with other connection values or HTTP options. */
  kitWith(opts: { token?: string; http?: Partial<HttpClientOptions> }): TestKit;
  /** Runs `fn` and returns its result with the Web API requests it made. */
  trace<T>(fn: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const sim = await startSlackSimulator({ port: 0, seed: 'demo' });
  const sleeps: number[] = [];
  const sleep = async (ms: number) => void sleeps.push(ms);
  const kitWith = (opts: { token?: string; http?: Partial<HttpClientOptions> }) =>
    createTestKit(slack, { auth: { token: opts.token ?? TOKEN, baseUrl: sim.apiUrl }, http: { sleep, ...opts.http } });
  const kit = kitWith({});
  return {
    sim,
    kit,
    auth: kit.auth as SlackAuthValue,
    sleeps,
    kitWith,
    async trace(fn) {
      sim.clearRequests();
      const result = await fn();
      return { result, requests: [...sim.requests] };
    },
    close: () => sim.close(),
  };
}

/** The error `fn` rejects with (fails the test when it resolves). */
export async function failure(fn: () => Promise<unknown>): Promise<Record<string, unknown> & { kind: string; message: string }> {
  try {
    await fn();
  } catch (err) {
    const json = typeof (err as { toJSON?: unknown }).toJSON === 'function' ? (err as { toJSON(): Record<string, unknown> }).toJSON() : { message: String(err) };
    return json as Record<string, unknown> & { kind: string; message: string };
  }
  throw new Error('expected a failure, got success');
}
