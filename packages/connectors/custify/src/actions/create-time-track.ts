import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { entityFields } from '../fields/common';
import { minutes, timeTrackAttributes } from '../fields/time-track';
import { callForRecord } from '../request';

export const createTimeTrack = action({
  key: 'create_time_track',
  name: 'Create Time Track',
  group: 'Time Tracks',
  description: 'Logs time spent on a company or person.',
  input: z.object({ ...entityFields('time track'), minutes, ...timeTrackAttributes }),
  run: ({ input, http }) => callForRecord(http, ENDPOINTS.createTimeTrack, { body: input }),
});
