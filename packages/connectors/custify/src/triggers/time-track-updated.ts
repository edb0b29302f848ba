import { listTrigger } from './list-trigger';

export const timeTrackUpdated = listTrigger({
  key: 'time_track_updated',
  name: 'Time Track Updated',
  description: 'Fires each time a time track is updated in Custify.',
  source: 'timeTracks',
  event: 'updated',
});
