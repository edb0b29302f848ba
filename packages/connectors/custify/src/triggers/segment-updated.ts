import { listTrigger } from './list-trigger';

export const segmentUpdated = listTrigger({
  key: 'segment_updated',
  name: 'Segment Updated',
  description: 'Fires each time a segment is updated in Custify.',
  source: 'segments',
  event: 'updated',
  ofType: true,
});
