import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { minutes, timeTrackAttributes, timeTrackId } from '../fields/time-track';
import { callForRecord } from '../request';

export const updateTimeTrack = action({
  key: 'update_time_track',
  name: 'Update Time Track',
  group: 'Time Tracks',
  description: 'Changes a time track by its internal id; only the fields given change.',
  input: z.object({ id: timeTrackId, minutes: minutes.optional(), ...timeTrackAttributes }),
  run: ({ input, http }) => {
    const { id, ...body } = input;
    return callForRecord(http, ENDPOINTS.updateTimeTrack, { path: { id }, body });
  },
});
