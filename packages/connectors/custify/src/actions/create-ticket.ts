import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { entityFields } from '../fields/common';
import { ticketBody, ticketExternalId, ticketStatus, ticketSubject } from '../fields/ticket';
import { callForRecord } from '../request';

export const createTicket = action({
  key: 'create_ticket',
  name: 'Create Ticket',
  group: 'Tickets',
  description: 'Creates a support ticket on a company or person. Fails if a ticket with this externalId exists.',
  input: z.object({
    externalId: ticketExternalId,
    ...entityFields('ticket'),
    subject: ticketSubject,
    body: ticketBody.optional(),
    status: ticketStatus.optional(),
  }),
  run: ({ input, http }) => callForRecord(http, ENDPOINTS.createTicket, { body: input }),
});
