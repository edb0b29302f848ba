import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { tagId } from '../fields/tag';
import { deleteIdempotent } from '../request';

export const deleteTag = action({
  key: 'delete_tag',
  name: 'Delete Tag',
  group: 'Tags',
  destructive: true,
  description: 'Deletes a tag by internal id; Custify also removes it from every person and company carrying it.',
  input: z.object({ id: tagId }),
  run: ({ input, http }) => deleteIdempotent(http, ENDPOINTS.deleteTag, { path: { id: input.id } }),
});
