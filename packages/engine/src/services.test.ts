/**
 * What an action receives besides its input: the instance's services (Konnect mail) from the
 * execute options, and the outbound guard of the step's connection, in live runs and test runs.
 */
import { createHttpClient, createRegistry, defineAction, defineConnector, type ActionServices, type OutboundGuard } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { execute } from './execute';
import { testRun } from './test-run';
import { definition, memoryCheckpoints } from './test-fixtures';
import type { ConnectionResolver } from './types';

const seen: { services: ActionServices | undefined; guard: OutboundGuard | undefined }[] = [];
const mailer = defineConnector({
  key: 'mailer',
  name: 'Mailer',
  description: 'in-test connector',
  category: 'tool',
  icon: '<svg/>',
  auth: { kind: 'none' },
  triggers: [],
  actions: [
    defineAction({
      key: 'send',
      name: 'Send',
      description: 'sends through the instance mail service',
      input: z.object({ to: z.string() }),
      run: async ({ input, services, guard }) => {
        seen.push({ services, guard });
        if (!services?.mail) return { status: 'no service' };
        return services.mail.send({ to: [input.to], subject: 'Hi', text: 'x' });
      },
    }),
  ],
});
const registry = createRegistry([mailer]);
const guard: OutboundGuard = async () => undefined;
const connections: ConnectionResolver = async () => ({ auth: undefined, http: createHttpClient(), guard });
const steps = [{ type: 'action', id: 'send', connector: 'mailer', action: 'send', input: { to: '{{trigger.email}}' } }];

function mailService() {
  const sent: unknown[] = [];
  const services: ActionServices = { mail: { send: async (msg) => (sent.push(msg), { id: 'm1', status: 'queued' }) } };
  return { services, sent };
}

describe('action context: services and guard', () => {
  it('a live run hands every action the services and its connection’s guard', async () => {
    const { services, sent } = mailService();
    seen.length = 0;
    const result = await execute({ runId: 'r1', definition: definition(steps), event: { key: 'e', data: { email: 'ada@example.com' } }, registry, connections, checkpoints: memoryCheckpoints(), services });
    expect(result.status).toBe('succeeded');
    expect(result.steps[0]?.output).toEqual({ id: 'm1', status: 'queued' });
    expect(sent).toEqual([{ to: ['ada@example.com'], subject: 'Hi', text: 'x' }]);
    expect(seen).toEqual([{ services, guard }]);
  });

  it('a test run too; without services the action sees none', async () => {
    const { services, sent } = mailService();
    seen.length = 0;
    await testRun({ definition: definition(steps), sampleEvent: { data: { email: 'bob@example.com' } }, registry, connections, overrides: { services } });
    expect(sent).toEqual([{ to: ['bob@example.com'], subject: 'Hi', text: 'x' }]);
    const bare = await execute({ runId: 'r2', definition: definition(steps), event: { key: 'e', data: { email: 'c@example.com' } }, registry, connections, checkpoints: memoryCheckpoints() });
    expect(bare.steps[0]?.output).toEqual({ status: 'no service' });
    expect(seen[1]?.services).toBeUndefined();
  });
});
