import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { commentTarget, commentText } from '../fields/comment';
import { callForRecord } from '../request';

export const createComment = action({
  key: 'create_comment',
  name: 'Create Comment',
  group: 'Comments',
  description: 'Adds a comment to a company or person.',
  input: z.object({ ...commentTarget, text: commentText }),
  run: ({ input, http }) =>
    callForRecord(http, ENDPOINTS.saveComment, {
      path: { entityModel: input.entityModel, entity: input.entity },
      body: { text: input.text },
    }),
});
