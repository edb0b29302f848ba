import { listTrigger } from './list-trigger';

export const ticketCreated = listTrigger({
  key: 'ticket_created',
  name: 'Ticket Created',
  description: 'Fires when a new ticket is created in Custify.',
  source: 'tickets',
  event: 'created',
});
