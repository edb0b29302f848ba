import { listTrigger } from './list-trigger';

export const customerObjectiveCreated = listTrigger({
  key: 'customer_objective_created',
  name: 'Customer Objective Created',
  description: 'Fires when a new customer objective is created in Custify.',
  source: 'objectives',
  event: 'created',
});
