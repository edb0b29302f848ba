import { listTrigger } from './list-trigger';

export const meetingCreated = listTrigger({
  key: 'meeting_created',
  name: 'Meeting Created',
  description: 'Fires when a new meeting is created in Custify.',
  source: 'meetings',
  event: 'created',
});
