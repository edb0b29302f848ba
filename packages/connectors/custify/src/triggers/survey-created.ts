import { listTrigger } from './list-trigger';

export const surveyCreated = listTrigger({
  key: 'survey_created',
  name: 'Survey Created',
  description: 'Fires when a new survey is created in Custify.',
  source: 'surveys',
  event: 'created',
});
