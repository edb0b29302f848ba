import { listTrigger } from './list-trigger';

export const ticketUpdated = listTrigger({
  key: 'ticket_updated',
  name: 'Ticket Updated',
  description: 'Fires each time a ticket is updated in Custify.',
  source: 'tickets',
  event: 'updated',
});
