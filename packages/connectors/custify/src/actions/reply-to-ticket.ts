import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { text } from '../fields/common';
import { ticketExternalId } from '../fields/ticket';
import { callForRecord } from '../request';

export const replyToTicket = action({
  key: 'reply_to_ticket',
  name: 'Reply To Ticket',
  group: 'Tickets',
  description: 'Appends a reply to a ticket found by its externalId; answers the updated ticket.',
  input: z.object({
    externalId: ticketExternalId,
    body: z.string().trim().min(1, 'Reply must not be empty').meta({ label: 'Reply', multiline: true }),
    author: text('Author', 'Name or email of who replies.').optional(),
  }),
  run: ({ input, http }) => {
    const { externalId, ...body } = input;
    return callForRecord(http, ENDPOINTS.replyTicket, { path: { externalId }, body });
  },
});
