import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { commentId, commentTarget, commentText } from '../fields/comment';
import { callForRecord } from '../request';

export const updateComment = action({
  key: 'update_comment',
  name: 'Update Comment',
  group: 'Comments',
  description: "Changes a comment's text, by the comment's internal id and the company or person it is on.",
  input: z.object({ ...commentTarget, id: commentId, text: commentText }),
  run: ({ input, http }) =>
    callForRecord(http, ENDPOINTS.saveComment, {
      path: { entityModel: input.entityModel, entity: input.entity },
      body: { id: input.id, text: input.text },
    }),
});
