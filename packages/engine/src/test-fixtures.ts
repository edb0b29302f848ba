/** Shared pieces for the engine's tests: an in-test connector and checkpoint stores. */
import { ConnectorError, createRegistry, defineAction, defineConnector, type HttpClient, type Registry } from '@konnect/sdk';
import type { KonnectorDefinitionInput, StepRecord } from '@konnect/schemas';
import { z } from 'zod';
import type { CheckpointStore, ConnectionResolver } from './types';

export interface Calls {
  /** Calls per action key. */
  count: Record<string, number>;
  /** Every call: action key, input and idempotency key. */
  log: { action: string; input: unknown; idempotencyKey: string; auth: unknown }[];
  /** Errors `flaky` throws before it succeeds (shifted one per call). */
  flakyErrors: ConnectorError[];
}

const noHttp: HttpClient = {
  request: async () => {
    throw new ConnectorError({ kind: 'config', message: 'no HTTP in this test', retryable: false });
  },
};

export function testConnector(): { registry: Registry; calls: Calls; connections: ConnectionResolver } {
  const calls: Calls = { count: {}, log: [], flakyErrors: [] };
  const note = (action: string, input: unknown, idempotencyKey: string, auth: unknown) => {
    calls.count[action] = (calls.count[action] ?? 0) + 1;
    calls.log.push({ action, input, idempotencyKey, auth });
  };
  const crm = defineConnector({
    key: 'crm',
    name: 'CRM',
    description: 'in-test connector',
    category: 'app',
    icon: '<svg/>',
    auth: { kind: 'none' },
    triggers: [],
    actions: [
      defineAction({
        key: 'create_person',
        name: 'Create person',
        description: 'creates',
        input: z.object({ email: z.string().email(), name: z.string().optional(), age: z.number().optional(), vip: z.boolean().optional(), tags: z.array(z.string()).optional() }),
        run: async ({ input, idempotencyKey, auth }) => {
          note('create_person', input, idempotencyKey, auth);
          return { id: `p_${calls.count.create_person}`, ...input };
        },
      }),
      defineAction({
        key: 'echo',
        name: 'Echo',
        description: 'returns its input',
        input: z.object({ text: z.string().optional(), value: z.unknown().optional() }),
        run: async ({ input, idempotencyKey, auth }) => {
          note('echo', input, idempotencyKey, auth);
          return { ...input };
        },
      }),
      defineAction({
        key: 'lookup',
        name: 'Lookup',
        description: 'reads only (like a formatter or a find)',
        readOnly: true,
        input: z.object({ text: z.string().optional() }),
        run: async ({ input, idempotencyKey, auth }) => {
          note('lookup', input, idempotencyKey, auth);
          return { found: input.text ?? '' };
        },
      }),
      defineAction({
        key: 'flaky',
        name: 'Flaky',
        description: 'throws the queued errors, then succeeds',
        input: z.object({}),
        run: async ({ input, idempotencyKey, auth }) => {
          note('flaky', input, idempotencyKey, auth);
          const error = calls.flakyErrors.shift();
          if (error) throw error;
          return { ok: true };
        },
      }),
      defineAction({
        key: 'reject',
        name: 'Reject',
        description: 'always fails with a 422',
        input: z.object({ email: z.string() }),
        run: async ({ input, idempotencyKey, auth }) => {
          note('reject', input, idempotencyKey, auth);
          throw new ConnectorError({
            kind: 'validation',
            status: 422,
            message: 'email already taken',
            retryable: false,
            exchange: { request: { method: 'POST', url: 'https://crm.test/people', body: input }, response: { status: 422, body: { error: 'email already taken' } } },
          });
        },
      }),
    ],
  });
  return {
    registry: createRegistry([crm]),
    calls,
    connections: async (connectionId) => ({ auth: { connectionId }, http: noHttp }),
  };
}

export function serverError(retryAfterMs?: number): ConnectorError {
  return new ConnectorError({
    kind: retryAfterMs === undefined ? 'server' : 'rate_limited',
    status: retryAfterMs === undefined ? 503 : 429,
    message: retryAfterMs === undefined ? 'service unavailable' : 'rate limited',
    retryable: true,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** An in-memory checkpoint store; `crashOnSave: n` makes the n-th save (1-based) throw, like a killed worker. */
export function memoryCheckpoints(options: { crashOnSave?: number } = {}): CheckpointStore & { saved: StepRecord[]; saves: number; crashOnSave: number | undefined } {
  const store = {
    saved: [] as StepRecord[],
    saves: 0,
    crashOnSave: options.crashOnSave,
    load: async () => structuredClone(store.saved),
    save: async (record: StepRecord) => {
      store.saves++;
      if (store.crashOnSave !== undefined && store.saves === store.crashOnSave) throw new Error('worker killed');
      const i = store.saved.findIndex((r) => r.stepId === record.stepId && r.iteration === record.iteration);
      if (i >= 0) store.saved[i] = structuredClone(record);
      else store.saved.push(structuredClone(record));
    },
  };
  return store;
}

export const TRIGGER = { id: 'trigger', connector: 'crm', event: 'person_created' } as const;

export function definition(steps: unknown[]): KonnectorDefinitionInput {
  return { trigger: TRIGGER, steps } as KonnectorDefinitionInput;
}

export const noSleep = async (_ms: number): Promise<void> => {};
