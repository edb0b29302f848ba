import { listTrigger } from './list-trigger';

export const segmentCreated = listTrigger({
  key: 'segment_created',
  name: 'Segment Created',
  description: 'Fires when a new segment is created in Custify.',
  source: 'segments',
  event: 'created',
  ofType: true,
});
