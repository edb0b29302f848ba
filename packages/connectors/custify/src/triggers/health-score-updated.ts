import { listTrigger } from './list-trigger';

export const healthScoreUpdated = listTrigger({
  key: 'health_score_updated',
  name: 'Health Score Updated',
  description: 'Fires each time a health score is updated in Custify.',
  source: 'healthScores',
  event: 'updated',
});
