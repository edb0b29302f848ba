import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { timeTrackId } from '../fields/time-track';
import { deleteIdempotent } from '../request';

export const deleteTimeTrack = action({
  key: 'delete_time_track',
  name: 'Delete Time Track',
  group: 'Time Tracks',
  destructive: true,
  description: 'Deletes a time track by its internal id. An already deleted one answers { deleted: 0 }.',
  input: z.object({ id: timeTrackId }),
  run: ({ input, http }) => deleteIdempotent(http, ENDPOINTS.deleteTimeTrack, { params: { id: input.id } }),
});
