import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { ticketExternalId } from '../fields/ticket';
import { deleteIdempotent } from '../request';

export const deleteTicket = action({
  key: 'delete_ticket',
  name: 'Delete Ticket',
  group: 'Tickets',
  destructive: true,
  description: 'Deletes a ticket by its externalId. An already deleted ticket answers { deleted: 0 }.',
  input: z.object({ externalId: ticketExternalId }),
  run: ({ input, http }) => deleteIdempotent(http, ENDPOINTS.deleteTicket, { path: { externalId: input.externalId } }),
});
