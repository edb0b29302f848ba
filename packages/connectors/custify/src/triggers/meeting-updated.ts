import { listTrigger } from './list-trigger';

export const meetingUpdated = listTrigger({
  key: 'meeting_updated',
  name: 'Meeting Updated',
  description: 'Fires each time a meeting is updated in Custify.',
  source: 'meetings',
  event: 'updated',
});
