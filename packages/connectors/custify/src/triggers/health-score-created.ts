import { listTrigger } from './list-trigger';

export const healthScoreCreated = listTrigger({
  key: 'health_score_created',
  name: 'Health Score Created',
  description: 'Fires when a new health score is created in Custify.',
  source: 'healthScores',
  event: 'created',
});
