/** The control API (`/__control/...`): tests and the demo drive the simulator through it. Not recorded, never faulted. */
import type { FaultList } from './faults';
import type { Reply } from './http-io';
import type { RecordedRequest } from './request-log';
import { SEED_NAMES, type SeedName } from './seed';
import type { SlackStore } from './store';

export interface ControlState {
  store: SlackStore;
  faults: FaultList;
  requests: RecordedRequest[];
  reset(seed: SeedName): void;
  setChatter(intervalMs: number | null): void;
}

const bad = (message: string): Reply => ({ status: 400, body: { error: message } });

function record(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Posts a message as a person (not the bot), e.g. so a "New Message" trigger has something to see. */
function postAsUser(state: ControlState, body: Record<string, unknown>): Reply {
  const channel = typeof body.channel === 'string' ? state.store.findChannel(body.channel) : undefined;
  if (!channel) return bad('channel: no such channel');
  if (typeof body.text !== 'string' || body.text === '') return bad('text: required');
  const user = typeof body.user === 'string' ? state.store.users.get(body.user) : undefined;
  if (body.user !== undefined && !user) return bad('user: no such user');
  const message = state.store.insertMessage(channel.id, {
    text: body.text,
    ...(user ? { user: user.id } : {}),
    ...(typeof body.thread_ts === 'string' ? { thread_ts: body.thread_ts } : {}),
    ...(typeof body.ts === 'string' ? { ts: body.ts } : {}),
  });
  return { status: 201, body: { channel: channel.id, message } };
}

export function answerControl(state: ControlState, method: string, path: string, rawBody: string): Reply {
  let body: Record<string, unknown> = {};
  if (rawBody.trim() !== '') {
    try {
      body = record(JSON.parse(rawBody));
    } catch {
      return bad('body: invalid JSON');
    }
  }
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__control/requests':
      return { status: 200, body: { requests: state.requests } };
    case 'DELETE /__control/requests':
      state.requests.length = 0;
      return { status: 200, body: { cleared: true } };
    case 'GET /__control/faults':
      return { status: 200, body: { faults: state.faults.list() } };
    case 'POST /__control/faults':
      try {
        return { status: 201, body: state.faults.add(body) };
      } catch (err) {
        return bad(err instanceof Error ? err.message : String(err));
      }
    case 'DELETE /__control/faults':
      return { status: 200, body: { cleared: state.faults.clear() } };
    case 'POST /__control/reset': {
      const seed = body.seed ?? 'demo';
      if (!SEED_NAMES.includes(seed as SeedName)) return bad(`seed: one of ${SEED_NAMES.join(', ')}`);
      state.reset(seed as SeedName);
      return { status: 200, body: state.store.counts() };
    }
    case 'POST /__control/messages':
      return postAsUser(state, body);
    case 'POST /__control/chatter': {
      const interval = body.intervalMs;
      if (body.enabled !== false && (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 10)) return bad('intervalMs: a whole number >= 10');
      state.setChatter(body.enabled === false ? null : (interval as number));
      return { status: 200, body: { enabled: body.enabled !== false } };
    }
    case 'GET /__control/state':
      return { status: 200, body: state.store.counts() };
    default:
      return { status: 404, body: { error: `no control route ${route}` } };
  }
}
