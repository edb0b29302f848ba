import { z } from 'zod';
import { action } from '../auth';
import { deleteRecord, succeedIfAlreadyDeleted } from '../delete';
import { ENDPOINTS } from '../endpoints';
import { ticketExternalId } from '../fields/ticket';

export const deleteTicket = action({
  key: 'delete_ticket',
  name: 'Delete Ticket',
  group: 'Tickets',
  destructive: true,
  description:
    'Deletes a ticket by its externalId. A ticket Custify does not have fails the step unless "Succeed if already deleted" is on.',
  input: z.object({ externalId: ticketExternalId, succeed_if_already_deleted: succeedIfAlreadyDeleted }),
  run: ({ input, http }) =>
    deleteRecord(http, ENDPOINTS.deleteTicket, { path: { externalId: input.externalId } }, {
      what: `ticket with externalId "${input.externalId}"`,
      gdpr: false,
      succeedIfAlreadyDeleted: input.succeed_if_already_deleted,
    }),
});
