import { listTrigger } from './list-trigger';

export const customerObjectiveUpdated = listTrigger({
  key: 'customer_objective_updated',
  name: 'Customer Objective Updated',
  description: 'Fires each time a customer objective is updated in Custify.',
  source: 'objectives',
  event: 'updated',
});
