import { listTrigger } from './list-trigger';

export const timeTrackCreated = listTrigger({
  key: 'time_track_created',
  name: 'Time Track Created',
  description: 'Fires when a new time track is created in Custify.',
  source: 'timeTracks',
  event: 'created',
});
