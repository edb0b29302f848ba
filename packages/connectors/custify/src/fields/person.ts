import { z } from 'zod';
import { customAttributes, internalId, isoDate, text } from './common';

/** How a person is identified. */
export const personKeys = {
  user_id: text('User ID', 'Your own id for the person (Custify user_id).').meta({ identifier: 'user_id' }),
  email: z.email('Email must be an email address').meta({
    label: 'Email',
    description: "The person's email address.",
    identifier: 'email',
  }),
};

export const personId = internalId('Person ID', 'Internal Custify id of the person (24 hex characters).').meta({
  dynamicOptions: 'people',
});

/** Writable person attributes (all optional: only given ones change). */
export const personAttributes = {
  name: text('Name').optional(),
  phone: text('Phone').optional(),
  signed_up_at: isoDate('Signed up at').optional(),
  session_count: z.number().int().nonnegative().optional().meta({ label: 'Session count' }),
  unsubscribed_from_emails: z.boolean().optional().meta({ label: 'Unsubscribed from emails' }),
  unsubscribed_from_calls: z.boolean().optional().meta({ label: 'Unsubscribed from calls' }),
  custom_attributes: customAttributes.optional(),
  companies: z
    .array(
      z.object({
        company_id: text('Company ID', 'Your own id of the company (Custify company_id).').meta({
          identifier: 'company_id',
          dynamicOptions: 'company_ids',
        }),
        remove: z.boolean().optional().meta({ label: 'Remove', description: 'Detach the person from this company.' }),
      }),
    )
    .optional()
    .meta({ label: 'Companies', description: 'Companies to attach (or detach with remove: true), by company_id.' }),
};
