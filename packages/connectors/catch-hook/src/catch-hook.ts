import { createHash, randomUUID } from 'node:crypto';
import { defineTrigger, sampleResult, type TriggerEvent } from '@konnect/sdk';
import { z } from 'zod';
import { bodyObject, header } from './payload';

/** Longer caller keys are hashed so event keys stay short. */
const MAX_KEY_LENGTH = 200;

const EXAMPLE = {
  message: 'Send a request to this konnector’s webhook URL: its fields will replace this example.',
  example_name: 'Ada Lovelace',
  example_email: 'ada@example.com',
  example_amount: 42,
};

/** The event key: the caller's Idempotency-Key when sent (so retries dedupe), else a new id. */
export function hookEventKey(headers: Record<string, string>): string {
  const sent = header(headers, 'idempotency-key')?.trim();
  if (!sent) return randomUUID();
  if (sent.length <= MAX_KEY_LENGTH) return sent;
  return `sha256:${createHash('sha256').update(sent).digest('hex')}`;
}

export const catchHook = defineTrigger({
  kind: 'webhook',
  key: 'catch_hook',
  name: 'Catch Hook',
  description: 'Starts the konnector when a request is sent to its unique webhook URL (JSON or form body).',
  input: z.object({
    samplePayload: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        label: 'Sample payload',
        description: 'The last request caught, used as sample data while building.',
      }),
  }),
  parse({ body, headers, query }): TriggerEvent[] {
    const data = bodyObject(body, headers);
    if (query && Object.keys(query).length > 0) data.query = { ...query };
    return [{ key: hookEventKey(headers), data, occurredAt: new Date().toISOString() }];
  },
  async sample({ input }) {
    return sampleResult([input.samplePayload ?? EXAMPLE]);
  },
});
