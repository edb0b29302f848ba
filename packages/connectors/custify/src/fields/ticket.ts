import { z } from 'zod';
import { text } from './common';

export const ticketExternalId = text('Ticket external ID', 'Your own id of the ticket (externalId).').meta({
  identifier: 'externalId',
});
export const ticketSubject = text('Subject');
export const ticketBody = z.string().meta({ label: 'Body', description: 'The ticket text.', multiline: true });
export const ticketStatus = text('Status', 'e.g. open, pending, solved, closed.');
