import { z } from 'zod';
import { action } from '../auth';
import { deleteRecord, succeedIfAlreadyDeleted } from '../delete';
import { ENDPOINTS } from '../endpoints';
import { timeTrackId } from '../fields/time-track';

export const deleteTimeTrack = action({
  key: 'delete_time_track',
  name: 'Delete Time Track',
  group: 'Time Tracks',
  destructive: true,
  description:
    'Deletes a time track by its Custify internal id (in the query). One Custify does not have fails the step unless "Succeed if already deleted" is on.',
  input: z.object({ id: timeTrackId, succeed_if_already_deleted: succeedIfAlreadyDeleted }),
  run: ({ input, http }) =>
    deleteRecord(http, ENDPOINTS.deleteTimeTrack, { params: { id: input.id } }, {
      what: `time track with id "${input.id}"`,
      gdpr: false,
      succeedIfAlreadyDeleted: input.succeed_if_already_deleted,
    }),
});
