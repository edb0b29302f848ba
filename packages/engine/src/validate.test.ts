import { ConnectorError, createRegistry, defineAction, defineConnector, defineTrigger } from '@konnect/sdk';
import { validateDefinition } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/** The validator lives in @konnect/schemas; this checks it against a real SDK registry. */
const app = defineConnector({
  key: 'app',
  name: 'App',
  description: 'x',
  category: 'app',
  icon: '',
  auth: {
    kind: 'apiKey',
    fields: z.object({ apiKey: z.string() }),
    http: () => ({ baseURL: 'http://127.0.0.1:1', headers: {} }),
    validate: async () => {
      throw new ConnectorError({ kind: 'auth', message: 'unused', retryable: false });
    },
  },
  triggers: [
    defineTrigger({
      kind: 'webhook',
      key: 'hook',
      name: 'Hook',
      description: 'x',
      input: z.object({ secret: z.string() }),
      sample: async () => ({ records: [], fields: [] }),
      parse: () => [],
    }),
  ],
  actions: [defineAction({ key: 'send', name: 'Send', description: 'x', input: z.object({ to: z.string(), cc: z.string().optional() }), run: async () => ({}) })],
});

describe('validateDefinition with an SDK registry', () => {
  it('accepts the SDK Registry and reports registry problems', () => {
    const registry = createRegistry([app]);
    const problems = validateDefinition(
      {
        trigger: { id: 'trigger', connector: 'app', event: 'hook', input: {} },
        steps: [{ type: 'action', id: 's', connector: 'app', action: 'send', connectionId: 'c', input: { cc: '{{trigger.x}}' } }],
      },
      registry,
    );
    expect(problems.map((p) => `${p.stepId}:${p.code}:${p.path.join('.')}`)).toEqual(['trigger:missing_field:input.secret', 'trigger:missing_connection:connectionId', 's:missing_field:input.to']);
  });
});
