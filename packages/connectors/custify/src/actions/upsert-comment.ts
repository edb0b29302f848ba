import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { commentId, commentTarget, commentText } from '../fields/comment';
import { callForRecord } from '../request';

export const upsertComment = action({
  key: 'upsert_comment',
  name: 'Upsert Comment',
  group: 'Comments',
  description: 'Updates the comment when a comment id is given, else adds a new comment.',
  input: z.object({ ...commentTarget, id: commentId.optional(), text: commentText }),
  run: ({ input, http }) =>
    callForRecord(http, ENDPOINTS.saveComment, {
      path: { entityModel: input.entityModel, entity: input.entity },
      body: { ...(input.id ? { id: input.id } : {}), text: input.text },
    }),
});
