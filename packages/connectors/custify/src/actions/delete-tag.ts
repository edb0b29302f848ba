import { z } from 'zod';
import { action } from '../auth';
import { deleteRecord, succeedIfAlreadyDeleted } from '../delete';
import { ENDPOINTS } from '../endpoints';
import { tagId } from '../fields/tag';

export const deleteTag = action({
  key: 'delete_tag',
  name: 'Delete Tag',
  group: 'Tags',
  destructive: true,
  description:
    'Deletes a tag by its Custify internal id; this permanently deletes the tag set on people too. A tag Custify does not have fails the step unless "Succeed if already deleted" is on.',
  input: z.object({ id: tagId, succeed_if_already_deleted: succeedIfAlreadyDeleted }),
  run: ({ input, http }) =>
    deleteRecord(http, ENDPOINTS.deleteTag, { path: { id: input.id } }, {
      what: `tag with id "${input.id}"`,
      gdpr: false,
      succeedIfAlreadyDeleted: input.succeed_if_already_deleted,
    }),
});
