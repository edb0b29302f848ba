import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { entityModel, internalId } from '../fields/common';
import { ticketBody, ticketExternalId, ticketStatus, ticketSubject } from '../fields/ticket';
import { callForRecord } from '../request';

export const updateTicket = action({
  key: 'update_ticket',
  name: 'Update Ticket',
  group: 'Tickets',
  description: 'Changes a ticket found by its externalId; only the fields given change.',
  input: z.object({
    externalId: ticketExternalId,
    subject: ticketSubject.optional(),
    body: ticketBody.optional(),
    status: ticketStatus.optional(),
    entity: internalId('Entity ID', 'Move the ticket to this company or person (internal id).').optional(),
    entityModel: entityModel.optional(),
  }),
  run: ({ input, http }) => {
    const { externalId, ...fields } = input;
    return callForRecord(http, ENDPOINTS.updateTicket, { path: { externalId }, body: fields });
  },
});
