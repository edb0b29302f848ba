import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { isoDate, requireOneOf, text } from '../fields/common';
import { existingCompanyKey } from '../fields/company';
import { personKeys } from '../fields/person';
import { callForRecord } from '../request';

export const insertEvent = action({
  key: 'insert_event',
  name: 'Insert Event',
  group: 'People',
  description:
    "Records an event on a person's timeline (by user_id or email). A repeated deduplication id is accepted but stored once; it defaults to the run step's idempotency key, so a retried step never doubles the event.",
  input: z
    .object({
      name: text('Event name', 'e.g. "invoice_paid".'),
      user_id: personKeys.user_id.optional(),
      email: personKeys.email.optional(),
      company_id: existingCompanyKey.optional(),
      created_at: isoDate('Occurred at', 'ISO-8601 time of the event; defaults to now.').optional(),
      metadata: z
        .record(z.string(), z.unknown())
        .optional()
        .meta({ label: 'Metadata', description: 'Extra properties of the event.' }),
      deduplication_id: text('Deduplication ID', "Defaults to the step's idempotency key.").optional(),
    })
    .superRefine(requireOneOf(['user_id', 'email'])),
  run: async ({ input, http, idempotencyKey }) => {
    const body = { ...input, deduplication_id: input.deduplication_id ?? idempotencyKey };
    const result = await callForRecord(http, ENDPOINTS.insertEvent, { body });
    return { ...result, deduplication_id: body.deduplication_id };
  },
});
